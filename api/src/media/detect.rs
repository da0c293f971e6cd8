//! What a file really is, from its first bytes; the client's claimed type is ignored.

/// The types the platforms accept.
const ACCEPTED: &[&str] =
    &["image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "video/quicktime", "video/webm"];

/// Enough of the head of a file to know its type and, for images, its size.
pub const SNIFF_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub content_type: &'static str,
    pub width: Option<i32>,
    pub height: Option<i32>,
}

impl Detected {
    pub fn is_video(&self) -> bool {
        self.content_type.starts_with("video/")
    }
}

/// `None` for anything the platforms would not take.
pub fn detect(head: &[u8]) -> Option<Detected> {
    let kind = infer::get(head)?;
    let content_type = ACCEPTED.iter().copied().find(|t| *t == kind.mime_type())?;
    let (width, height) = match imagesize::blob_size(head) {
        Ok(size) if content_type.starts_with("image/") => {
            (i32::try_from(size.width).ok(), i32::try_from(size.height).ok())
        }
        _ => (None, None),
    };
    Some(Detected { content_type, width, height })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG_1X1: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89,
    ];

    #[test]
    fn detects_from_bytes_with_dimensions() {
        let found = detect(PNG_1X1).expect("a PNG");
        assert_eq!(found, Detected { content_type: "image/png", width: Some(3), height: Some(2) });
    }

    #[test]
    fn refuses_what_platforms_do_not_take() {
        assert!(detect(b"%PDF-1.7 not an image").is_none());
        assert!(detect(b"MZ\x90\x00 an executable").is_none());
        assert!(detect(b"plain text pretending to be a jpeg").is_none());
    }
}
