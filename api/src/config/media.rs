use secrecy::SecretString;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StorageKind {
    /// A folder under the data directory.
    #[default]
    Local,
    /// Any S3-compatible store.
    S3,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct S3Config {
    pub bucket: String,
    pub region: Option<String>,
    /// For S3-compatible stores other than AWS (MinIO, R2, …).
    pub endpoint: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<SecretString>,
    pub allow_http: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MediaConfig {
    pub storage: StorageKind,
    /// For `local`: defaults to `<data_dir>/media`.
    pub local_dir: Option<PathBuf>,
    pub s3: S3Config,
    /// HMAC key (base64, 32 bytes) for media URLs; development generates one.
    pub url_signing_key: Option<SecretString>,
    pub url_ttl_minutes: i64,
    /// Files are removed this many days after processing, whatever became of their posts
    /// (a post queued to go out keeps its files until it has).
    pub retention_days: i64,
}

impl Default for MediaConfig {
    fn default() -> Self {
        Self {
            storage: StorageKind::Local,
            local_dir: None,
            s3: S3Config::default(),
            url_signing_key: None,
            url_ttl_minutes: 15,
            retention_days: 90,
        }
    }
}
