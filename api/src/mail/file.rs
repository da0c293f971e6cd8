//! The default sender: each message becomes an `.eml` file, for development and for
//! setups where another system picks the files up.

use super::SendError;
use lettre::Message;
use std::path::PathBuf;
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct FileSender {
    dir: PathBuf,
}

impl FileSender {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// Writes `<id>.eml`. It is written under a temporary name and renamed into place, so
    /// whatever watches the folder never sees half a message; sending the same row again
    /// replaces the file rather than adding a copy. File and folder are flushed to disk
    /// before the row is marked sent, so a power cut cannot lose a message marked sent.
    pub async fn send(&self, id: Uuid, message: &Message) -> Result<(), SendError> {
        let unwritable = |_| SendError::Transient("the outbox folder could not be written".into());
        tokio::fs::create_dir_all(&self.dir).await.map_err(unwritable)?;
        let partial = self.dir.join(format!(".{id}.eml.partial"));
        let mut file = tokio::fs::File::create(&partial).await.map_err(unwritable)?;
        file.write_all(&message.formatted()).await.map_err(unwritable)?;
        file.sync_all().await.map_err(unwritable)?;
        tokio::fs::rename(&partial, self.dir.join(format!("{id}.eml"))).await.map_err(unwritable)?;
        tokio::fs::File::open(&self.dir).await.map_err(unwritable)?.sync_all().await.map_err(unwritable)?;
        Ok(())
    }
}
