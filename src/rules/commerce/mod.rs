//! The commerce rule pack: one file per rule, and the helpers they share.

pub(crate) mod acc001_commerce_version_out_of_support;
pub(crate) mod acc002_commerce_patch_behind;
pub(crate) mod acc003_php_version_unsupported;
pub(crate) mod acc004_service_version_unsupported;
pub(crate) mod acc005_auth_json_committed;
pub(crate) mod acc006_env_php_committed;
pub(crate) mod acc007_crypt_key_in_repository;
pub(crate) mod acc008_hardcoded_service_credentials;
pub(crate) mod acc009_mage_mode_not_production;
pub(crate) mod acc010_weak_x_frame_configuration;
pub(crate) mod acc011_php_error_display_enabled;
pub(crate) mod acc012_risky_build_command;
pub(crate) mod acc013_admin_url_default;
pub(crate) mod acc014_analytics_outside_production;
pub(crate) mod acc015_http_routes_without_https;
