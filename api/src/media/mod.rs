//! Media: where uploaded files live (object storage), what they really are (detected from
//! their bytes), and how they are served (only through signed URLs that expire).

pub mod detect;
pub mod signing;
pub mod store;

pub use detect::Detected;
pub use signing::UrlSigner;
pub use store::MediaStore;
