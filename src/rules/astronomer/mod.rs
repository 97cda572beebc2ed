//! The astronomer rule pack: one file per rule, and the helpers they share.

pub(crate) mod ast001_runtime_end_of_maintenance;
pub(crate) mod ast002_yanked_runtime;
pub(crate) mod ast003_deprecated_airflow_image;
pub(crate) mod ast004_unpinned_runtime_image;
pub(crate) mod ast005_prerelease_runtime_image;
pub(crate) mod ast006_runtime_version_mismatch;
pub(crate) mod ast007_secret_in_airflow_settings;
pub(crate) mod ast008_secret_in_dockerfile;
pub(crate) mod ast009_deployment_secret_not_marked;
pub(crate) mod ast010_deployment_secret_value_committed;
pub(crate) mod ast011_cicd_enforcement_off;
pub(crate) mod ast012_no_alert_emails;
pub(crate) mod ast013_production_without_high_availability;
pub(crate) mod ast014_invalid_worker_queue;
pub(crate) mod ast015_unpinned_requirement;
pub(crate) mod ast016_untrusted_package_index;
pub(crate) mod ast017_image_runs_as_root;
pub(crate) mod ast018_insecure_connection;
pub(crate) mod ast019_remote_execution_open;
pub(crate) mod ast020_astro_config_holds_credentials;
