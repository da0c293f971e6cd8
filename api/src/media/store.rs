//! Object storage through `object_store`: a local folder by default, S3 when configured.

use crate::config::{MediaConfig, StorageKind};
use anyhow::Context as _;
use bytes::Bytes;
use futures::stream::BoxStream;
use object_store::{
    ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart, aws::AmazonS3Builder, local::LocalFileSystem, path::Path,
};
use secrecy::ExposeSecret;
use std::sync::Arc;

#[derive(Clone)]
pub struct MediaStore {
    pub(crate) inner: Arc<dyn ObjectStore>,
}

impl std::fmt::Debug for MediaStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MediaStore")
    }
}

impl MediaStore {
    pub fn from_config(config: &MediaConfig, data_dir: &std::path::Path) -> anyhow::Result<Self> {
        let inner: Arc<dyn ObjectStore> = match config.storage {
            StorageKind::Local => {
                let dir = config.local_dir.clone().unwrap_or_else(|| data_dir.join("media"));
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("media.local_dir: cannot create {}", dir.display()))?;
                Arc::new(LocalFileSystem::new_with_prefix(&dir).context("media.local_dir")?)
            }
            StorageKind::S3 => {
                let s3 = &config.s3;
                let mut builder = AmazonS3Builder::new().with_bucket_name(&s3.bucket).with_allow_http(s3.allow_http);
                if let Some(region) = &s3.region {
                    builder = builder.with_region(region);
                }
                if let Some(endpoint) = &s3.endpoint {
                    builder = builder.with_endpoint(endpoint);
                }
                if let Some(id) = &s3.access_key_id {
                    builder = builder.with_access_key_id(id);
                }
                if let Some(secret) = &s3.secret_access_key {
                    builder = builder.with_secret_access_key(secret.expose_secret());
                }
                Arc::new(builder.build().context("media.s3")?)
            }
        };
        Ok(Self { inner })
    }

    pub async fn put(&self, key: &str, bytes: Bytes) -> object_store::Result<()> {
        self.inner.put(&Path::from(key), PutPayload::from(bytes)).await.map(|_| ())
    }

    pub async fn get(&self, key: &str) -> object_store::Result<Bytes> {
        self.inner.get(&Path::from(key)).await?.bytes().await
    }

    /// The object as a stream of chunks, for serving without holding it in memory.
    pub async fn stream(&self, key: &str) -> object_store::Result<BoxStream<'static, object_store::Result<Bytes>>> {
        Ok(self.inner.get(&Path::from(key)).await?.into_stream())
    }

    /// Streams a file into the store in parts, returning its size and SHA-256; a failure
    /// aborts the upload so no partial object is left behind.
    pub async fn put_file(&self, key: &str, mut file: tokio::fs::File) -> anyhow::Result<(u64, String)> {
        use sha2::{Digest, Sha256};
        use tokio::io::AsyncReadExt;
        let upload = self.inner.put_multipart(&Path::from(key)).await?;
        let mut writer = WriteMultipart::new(upload);
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; 1024 * 1024];
        loop {
            let read = match file.read(&mut buf).await {
                Ok(0) => break,
                Ok(n) => n,
                Err(err) => {
                    let _ = writer.abort().await;
                    return Err(err.into());
                }
            };
            hasher.update(&buf[..read]);
            size += read as u64;
            if let Err(err) = writer.wait_for_capacity(4).await {
                let _ = writer.abort().await;
                return Err(err.into());
            }
            writer.write(&buf[..read]);
        }
        writer.finish().await?;
        Ok((size, hex::encode(hasher.finalize())))
    }

    /// Deleting what is already gone succeeds: purges are retried.
    pub async fn delete(&self, key: &str) -> object_store::Result<()> {
        match self.inner.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(err) => Err(err),
        }
    }

    pub async fn exists(&self, key: &str) -> object_store::Result<bool> {
        match self.inner.head(&Path::from(key)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(err) => Err(err),
        }
    }
}
