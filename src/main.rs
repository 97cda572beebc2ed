fn main() {
    std::process::exit(srm_lint::cli::main());
}
