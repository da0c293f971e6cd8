//! What each platform accepts. Every problem is collected, so a person sees them all at once.

use crate::error::Problem;
use entity::sea_orm_active_enums::Platform;

struct Rules {
    text_max: usize,
    /// A shorter limit when media is attached (Telegram captions).
    text_max_with_media: Option<usize>,
    title_max: Option<usize>,
    title_required: bool,
    description_max: Option<usize>,
    media_required: bool,
    max_images: usize,
    max_videos: usize,
    /// Images and a video together in one post.
    mixed_media: bool,
    hashtags_max: Option<usize>,
    /// The file types it takes, as detected from the bytes.
    accepts: &'static [&'static str],
}

const JPEG: &str = "image/jpeg";
const PNG: &str = "image/png";
const GIF: &str = "image/gif";
const WEBP: &str = "image/webp";
const MP4: &str = "video/mp4";
const MOV: &str = "video/quicktime";
const WEBM: &str = "video/webm";

fn rules(platform: Platform) -> Rules {
    let base = Rules {
        text_max: 5000,
        text_max_with_media: None,
        title_max: None,
        title_required: false,
        description_max: None,
        media_required: false,
        max_images: 10,
        max_videos: 1,
        mixed_media: false,
        hashtags_max: None,
        accepts: &[JPEG, PNG, GIF, WEBP, MP4, MOV, WEBM],
    };
    match platform {
        Platform::X => Rules { text_max: 280, max_images: 4, accepts: &[JPEG, PNG, GIF, WEBP, MP4, MOV], ..base },
        // What the publishers send, not every shape the platform has: one image on LinkedIn
        // (its video upload flow is not offered yet), one photo or video on a Facebook Page
        // (multi-photo posts are not offered yet). Allowing more would drop files silently.
        Platform::Linkedin => {
            Rules { text_max: 3000, max_images: 1, max_videos: 0, accepts: &[JPEG, PNG, GIF], ..base }
        }
        Platform::Facebook => Rules { text_max: 63_206, max_images: 1, accepts: &[JPEG, PNG, GIF, MP4, MOV], ..base },
        // The Graph API publishes JPEG images only.
        Platform::Instagram => Rules {
            text_max: 2200,
            media_required: true,
            mixed_media: true,
            hashtags_max: Some(30),
            accepts: &[JPEG, MP4, MOV],
            ..base
        },
        Platform::Tiktok => {
            Rules { text_max: 2200, media_required: true, max_images: 0, accepts: &[MP4, MOV, WEBM], ..base }
        }
        Platform::Youtube => Rules {
            text_max: 5000,
            title_max: Some(100),
            title_required: true,
            description_max: Some(5000),
            media_required: true,
            max_images: 0,
            accepts: &[MP4, MOV, WEBM],
            ..base
        },
        // Video pins need Pinterest's separate upload flow, which is not offered yet.
        Platform::Pinterest => Rules {
            text_max: 500,
            title_max: Some(100),
            media_required: true,
            max_images: 1,
            max_videos: 0,
            accepts: &[JPEG, PNG, WEBP],
            ..base
        },
        // Photos and MP4 videos; a GIF would need an animation message, which is not sent.
        Platform::Telegram => Rules {
            text_max: 4096,
            text_max_with_media: Some(1024),
            mixed_media: true,
            accepts: &[JPEG, PNG, WEBP, MP4],
            ..base
        },
    }
}

/// What one target will actually send.
pub struct Effective<'a> {
    pub platform: Platform,
    pub text: &'a str,
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub hashtag_count: usize,
    pub images: usize,
    pub videos: usize,
    /// The distinct types of the attached files.
    pub types: &'a [&'a str],
}

pub fn check(path: &str, e: &Effective<'_>, problems: &mut Vec<Problem>) {
    let r = rules(e.platform);
    let name = crate::service::connections::display_name(e.platform);
    let mut problem = |field: &str, message: String| {
        problems.push(Problem::with_code(
            crate::error::UserErrorCode::PlatformRule,
            format!("{path}.{field}"),
            format!("{name}: {message}"),
        ));
    };
    let media = e.images + e.videos;
    let text_max = if media > 0 { r.text_max_with_media.unwrap_or(r.text_max) } else { r.text_max };
    let length = e.text.chars().count();
    if length > text_max {
        problem("text", format!("is {length} characters; at most {text_max} are allowed"));
    }
    if media == 0 && e.text.trim().is_empty() && !r.media_required {
        problem("text", "a post needs text or media".into());
    }
    match (e.title.filter(|t| !t.trim().is_empty()), r.title_max) {
        (None, _) if r.title_required => problem("title", "a title is required".into()),
        (Some(title), Some(max)) if title.chars().count() > max => {
            problem("title", format!("is {} characters; at most {max} are allowed", title.chars().count()))
        }
        _ => {}
    }
    if let (Some(description), Some(max)) = (e.description, r.description_max)
        && description.chars().count() > max
    {
        problem("description", format!("is {} characters; at most {max} are allowed", description.chars().count()));
    }
    if r.media_required && media == 0 {
        let what = if r.max_images == 0 { "a video" } else { "an image or a video" };
        problem("media_ids", format!("{what} is required"));
    }
    if e.images > r.max_images {
        let message = match r.max_images {
            0 => "takes no images".to_owned(),
            n => format!("takes at most {n} images"),
        };
        problem("media_ids", message);
    }
    if e.videos > r.max_videos {
        problem("media_ids", format!("takes at most {} video", r.max_videos));
    }
    if e.images > 0 && e.videos > 0 && !r.mixed_media {
        problem("media_ids", "cannot mix images and a video in one post".into());
    }
    if let Some(max) = r.hashtags_max
        && e.hashtag_count > max
    {
        problem("hashtags", format!("takes at most {max} hashtags"));
    }
    let refused: Vec<&str> = e.types.iter().copied().filter(|t| !r.accepts.contains(t)).collect();
    if !refused.is_empty() {
        problem("media_ids", format!("does not take {} files (it takes {})", refused.join(", "), r.accepts.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn effective(platform: Platform, text: &str) -> Effective<'_> {
        Effective { platform, text, title: None, description: None, hashtag_count: 0, images: 0, videos: 0, types: &[] }
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let mut problems = Vec::new();
        let text = "x".repeat(300);
        check("targets.0", &Effective { images: 1, videos: 1, ..effective(Platform::X, &text) }, &mut problems);
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["targets.0.text", "targets.0.media_ids"]);

        let mut problems = Vec::new();
        check("targets.1", &effective(Platform::Youtube, "hi"), &mut problems);
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["targets.1.title", "targets.1.media_ids"]);
    }

    #[test]
    fn platform_limits_hold() {
        let ok = |e: Effective<'_>| {
            let mut problems = Vec::new();
            check("t", &e, &mut problems);
            problems.is_empty()
        };
        assert!(ok(effective(Platform::X, &"x".repeat(280))));
        assert!(!ok(effective(Platform::X, &"x".repeat(281))));
        assert!(!ok(effective(Platform::Instagram, "no media")));
        assert!(ok(Effective { images: 2, videos: 1, ..effective(Platform::Instagram, "carousel") }));
        assert!(!ok(Effective { images: 1, ..effective(Platform::Tiktok, "needs video") }));
        assert!(ok(Effective { videos: 1, title: Some("Title"), ..effective(Platform::Youtube, "") }));
        assert!(!ok(Effective { images: 1, ..effective(Platform::Telegram, &"x".repeat(1025)) }));
        assert!(ok(effective(Platform::Telegram, &"x".repeat(4096))));
        // Only what the publisher sends is allowed.
        assert!(ok(Effective { images: 1, ..effective(Platform::Linkedin, "one image") }));
        assert!(!ok(Effective { images: 2, ..effective(Platform::Linkedin, "two images") }));
        assert!(!ok(Effective { videos: 1, ..effective(Platform::Linkedin, "a video") }));
        assert!(ok(Effective { videos: 1, ..effective(Platform::Facebook, "a video") }));
        assert!(!ok(Effective { images: 2, ..effective(Platform::Facebook, "an album") }));
        // And only the file types it takes.
        assert!(ok(Effective { images: 1, types: &[JPEG], ..effective(Platform::Instagram, "jpeg") }));
        assert!(!ok(Effective { images: 1, types: &[PNG], ..effective(Platform::Instagram, "png") }));
        assert!(!ok(Effective { videos: 1, types: &[WEBM], ..effective(Platform::X, "webm") }));
        assert!(!ok(Effective { images: 1, types: &[GIF], ..effective(Platform::Telegram, "gif") }));
        assert!(ok(Effective { images: 1, types: &[GIF], ..effective(Platform::X, "gif") }));
    }
}
