//! The object store port over the media store: the same folder or bucket uploads live in,
//! through `object_store`, streaming both ways.

use crate::media::MediaStore;
use async_trait::async_trait;
use bytes::Bytes;
use compliance::ports::{ObjectMeta, ObjectReader, ObjectStore, ObjectStoreError, validate_key, validate_prefix};
use futures::{StreamExt, TryStreamExt};
use object_store::{ObjectStoreExt, WriteMultipart, path::Path};
use tokio::io::AsyncReadExt;
use tokio_util::io::StreamReader;

/// Bytes read from a stream before deciding how to store it: an object that ends within
/// them is stored with one request; a longer one is uploaded in parts of this size, so
/// at most a few parts are held at once, whatever the object's size.
const PART_BYTES: usize = 5 * 1024 * 1024;
/// Parts in flight at once during a streamed upload.
const PARTS_IN_FLIGHT: usize = 4;

#[derive(Debug, Clone)]
pub struct MediaObjects {
    media: MediaStore,
}

impl MediaObjects {
    pub fn new(media: MediaStore) -> Self {
        Self { media }
    }
}

fn path(key: &str) -> Result<Path, ObjectStoreError> {
    validate_key(key)?;
    Path::parse(key).map_err(|_| ObjectStoreError::InvalidKey { key: key.to_owned(), reason: "not a storage path" })
}

fn failed(key: &str, err: object_store::Error) -> ObjectStoreError {
    match err {
        object_store::Error::NotFound { .. } => ObjectStoreError::NotFound { key: key.to_owned() },
        object_store::Error::InvalidPath { .. } => {
            ObjectStoreError::InvalidKey { key: key.to_owned(), reason: "the store refused it" }
        }
        other => ObjectStoreError::backend(other),
    }
}

/// Reads until `buf` is full or the reader ends; how many bytes it holds.
async fn fill(reader: &mut ObjectReader, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]).await? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

#[async_trait]
impl ObjectStore for MediaObjects {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), ObjectStoreError> {
        path(key)?;
        self.media.put(key, Bytes::from(bytes)).await.map_err(|e| failed(key, e))
    }

    async fn put_stream(&self, key: &str, mut reader: ObjectReader) -> Result<u64, ObjectStoreError> {
        let location = path(key)?;
        let mut buf = vec![0u8; PART_BYTES];
        let first = fill(&mut reader, &mut buf).await.map_err(ObjectStoreError::Source)?;
        if first < buf.len() {
            buf.truncate(first);
            self.media.put(key, Bytes::from(buf)).await.map_err(|e| failed(key, e))?;
            return Ok(first as u64);
        }
        let upload = self.media.inner.put_multipart(&location).await.map_err(|e| failed(key, e))?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let mut size = 0u64;
        let mut read = first;
        while read > 0 {
            if let Err(err) = writer.wait_for_capacity(PARTS_IN_FLIGHT).await {
                let _ = writer.abort().await;
                return Err(failed(key, err));
            }
            writer.write(&buf[..read]);
            size += read as u64;
            read = match fill(&mut reader, &mut buf).await {
                Ok(n) => n,
                Err(err) => {
                    let _ = writer.abort().await;
                    return Err(ObjectStoreError::Source(err));
                }
            };
        }
        writer.finish().await.map_err(|e| failed(key, e))?;
        Ok(size)
    }

    async fn get(&self, key: &str) -> Result<Vec<u8>, ObjectStoreError> {
        path(key)?;
        Ok(Vec::from(self.media.get(key).await.map_err(|e| failed(key, e))?))
    }

    async fn get_stream(&self, key: &str) -> Result<ObjectReader, ObjectStoreError> {
        path(key)?;
        let stream = self.media.stream(key).await.map_err(|e| failed(key, e))?;
        Ok(Box::pin(StreamReader::new(stream.map_err(std::io::Error::other))))
    }

    async fn head(&self, key: &str) -> Result<Option<ObjectMeta>, ObjectStoreError> {
        let location = path(key)?;
        match self.media.inner.head(&location).await {
            Ok(meta) => {
                Ok(Some(ObjectMeta { key: key.to_owned(), size: meta.size, last_modified: meta.last_modified }))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(err) => Err(failed(key, err)),
        }
    }

    async fn exists(&self, key: &str) -> Result<bool, ObjectStoreError> {
        path(key)?;
        self.media.exists(key).await.map_err(|e| failed(key, e))
    }

    async fn delete(&self, key: &str) -> Result<(), ObjectStoreError> {
        path(key)?;
        self.media.delete(key).await.map_err(|e| failed(key, e))
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ObjectMeta>, ObjectStoreError> {
        validate_prefix(prefix)?;
        // `object_store` lists whole folders; the folder the prefix ends in, filtered.
        let folder = match prefix.rsplit_once('/') {
            Some((folder, _)) => Some(path(folder)?),
            None => None,
        };
        let mut listing = self.media.inner.list(folder.as_ref());
        let mut found = Vec::new();
        while let Some(meta) = listing.next().await {
            let meta = match meta {
                Ok(meta) => meta,
                Err(object_store::Error::NotFound { .. }) => continue,
                Err(err) => return Err(failed(prefix, err)),
            };
            let key = meta.location.as_ref();
            if key.starts_with(prefix) {
                found.push(ObjectMeta { key: key.to_owned(), size: meta.size, last_modified: meta.last_modified });
            }
        }
        found.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(found)
    }
}
