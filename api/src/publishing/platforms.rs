//! The request each platform wants for a post, a lookup where the platform lets us ask
//! whether a post already went out, and removal where its API allows it.

use super::{
    client::{Endpoint, Lookup, Outgoing, published, send, text_at},
    outcome::Sent,
};
use crate::service::posts::Visibility;
use entity::sea_orm_active_enums::Platform;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

pub async fn publish(e: &Endpoint<'_>, post: &Outgoing) -> Sent {
    let result = match post.platform {
        Platform::X => x(e, post).await,
        Platform::Telegram => telegram(e, post).await,
        Platform::Facebook => facebook(e, post).await,
        Platform::Instagram => instagram(e, post).await,
        Platform::Linkedin => linkedin(e, post).await,
        Platform::Pinterest => pinterest(e, post).await,
        Platform::Youtube => youtube(e, post).await,
        Platform::Tiktok => tiktok(e, post).await,
    };
    result.unwrap_or_else(|sent| sent)
}

fn bearer(e: &Endpoint<'_>, request: reqwest::RequestBuilder, post: &Outgoing) -> reqwest::RequestBuilder {
    request.bearer_auth(post.token.expose_secret()).timeout(e.timeout).header("Idempotency-Key", &post.idempotency_key)
}

async fn x(e: &Endpoint<'_>, post: &Outgoing) -> Result<Sent, Sent> {
    let mut media_ids = Vec::new();
    for item in &post.media {
        let bytes = item.bytes.clone().unwrap_or_default();
        let category = match item.content_type.as_str() {
            _ if item.is_video() => "tweet_video",
            "image/gif" => "tweet_gif",
            _ => "tweet_image",
        };
        let form = reqwest::multipart::Form::new().text("media_category", category).part(
            "media",
            reqwest::multipart::Part::stream(bytes)
                .mime_str(&item.content_type)
                .map_err(|_| Sent::Permanent { error: "bad media type".into() })?,
        );
        let (_, body) = send(bearer(e, e.http.post(e.url("/2/media/upload")), post).multipart(form)).await?;
        media_ids.push(
            text_at(&body, &["data", "id"])
                .ok_or(Sent::Transient { retry_after: None, error: "media upload gave no id".into() })?,
        );
    }
    let mut tweet = json!({ "text": post.text });
    if !media_ids.is_empty() {
        tweet["media"] = json!({ "media_ids": media_ids });
    }
    let (_, body) = send(bearer(e, e.http.post(e.url("/2/tweets")), post).json(&tweet)).await?;
    Ok(published(text_at(&body, &["data", "id"]), |id| Some(format!("https://x.com/i/status/{id}"))))
}

async fn telegram(e: &Endpoint<'_>, post: &Outgoing) -> Result<Sent, Sent> {
    let base = format!("{}/bot{}", e.api_base, post.token.expose_secret());
    let chat = &post.account_id;
    let (method, payload) = match post.media.as_slice() {
        [] => ("sendMessage", json!({ "chat_id": chat, "text": post.text })),
        [one] if one.is_video() => ("sendVideo", json!({ "chat_id": chat, "video": one.url, "caption": post.text })),
        [one] => ("sendPhoto", json!({ "chat_id": chat, "photo": one.url, "caption": post.text })),
        many => {
            let media: Vec<Value> = many
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let kind = if m.is_video() { "video" } else { "photo" };
                    let mut item = json!({ "type": kind, "media": m.url });
                    if i == 0 {
                        item["caption"] = json!(post.text);
                    }
                    item
                })
                .collect();
            ("sendMediaGroup", json!({ "chat_id": chat, "media": media }))
        }
    };
    let request = e.http.post(format!("{base}/{method}")).timeout(e.timeout).json(&payload);
    let (_, body) = send(request).await?;
    // An album is one message per item; all their ids are kept, so removal takes them all.
    let id = match body["result"].as_array() {
        Some(messages) => {
            let ids: Vec<String> = messages.iter().filter_map(|m| text_at(m, &["message_id"])).collect();
            (!ids.is_empty()).then(|| ids.join(","))
        }
        None => text_at(&body, &["result", "message_id"]),
    };
    Ok(published(id, |_| None))
}

async fn facebook(e: &Endpoint<'_>, post: &Outgoing) -> Result<Sent, Sent> {
    let page = &post.account_id;
    let (path, payload) = match post.media.first() {
        None => (format!("/v21.0/{page}/feed"), json!({ "message": post.text, "link": post.link })),
        Some(m) if m.is_video() => {
            (format!("/v21.0/{page}/videos"), json!({ "file_url": m.url, "description": post.text }))
        }
        Some(m) => (format!("/v21.0/{page}/photos"), json!({ "url": m.url, "caption": post.text })),
    };
    let (_, body) = send(bearer(e, e.http.post(e.url(&path)), post).json(&payload)).await?;
    let id = text_at(&body, &["post_id"]).or_else(|| text_at(&body, &["id"]));
    Ok(published(id, |id| Some(format!("https://www.facebook.com/{id}"))))
}

async fn instagram(e: &Endpoint<'_>, post: &Outgoing) -> Result<Sent, Sent> {
    let account = &post.account_id;
    let container = |m: &super::client::MediaItem, carousel: bool| {
        let mut c = if m.is_video() {
            json!({ "media_type": if carousel { "VIDEO" } else { "REELS" }, "video_url": m.url })
        } else {
            json!({ "image_url": m.url })
        };
        if carousel {
            c["is_carousel_item"] = json!(true);
        } else {
            c["caption"] = json!(post.text);
        }
        c
    };
    let creation = if post.media.len() == 1 {
        let (_, body) = send(
            bearer(e, e.http.post(e.url(&format!("/v21.0/{account}/media"))), post)
                .json(&container(&post.media[0], false)),
        )
        .await?;
        text_at(&body, &["id"])
    } else {
        let mut children = Vec::new();
        for m in &post.media {
            let (_, body) =
                send(bearer(e, e.http.post(e.url(&format!("/v21.0/{account}/media"))), post).json(&container(m, true)))
                    .await?;
            children.extend(text_at(&body, &["id"]));
        }
        let carousel = json!({ "media_type": "CAROUSEL", "children": children.join(","), "caption": post.text });
        let (_, body) =
            send(bearer(e, e.http.post(e.url(&format!("/v21.0/{account}/media"))), post).json(&carousel)).await?;
        text_at(&body, &["id"])
    };
    let Some(creation) = creation else {
        return Err(Sent::Transient { retry_after: None, error: "no media container".into() });
    };
    let (_, body) = send(
        bearer(e, e.http.post(e.url(&format!("/v21.0/{account}/media_publish"))), post)
            .json(&json!({ "creation_id": creation })),
    )
    .await?;
    Ok(published(text_at(&body, &["id"]), |_| None))
}

async fn linkedin(e: &Endpoint<'_>, post: &Outgoing) -> Result<Sent, Sent> {
    let author = format!("urn:li:person:{}", post.account_id);
    let mut payload = json!({
        "author": author,
        "commentary": post.text,
        "visibility": "PUBLIC",
        "distribution": { "feedDistribution": "MAIN_FEED" },
        "lifecycleState": "PUBLISHED",
    });
    if let Some(image) = post.media.first() {
        let init = json!({ "initializeUploadRequest": { "owner": author } });
        let (_, body) =
            send(bearer(e, e.http.post(e.url("/rest/images?action=initializeUpload")), post).json(&init)).await?;
        let (Some(upload_url), Some(urn)) =
            (text_at(&body, &["value", "uploadUrl"]), text_at(&body, &["value", "image"]))
        else {
            return Err(Sent::Transient { retry_after: None, error: "no upload URL".into() });
        };
        send(bearer(e, e.http.put(upload_url), post).body(image.bytes.clone().unwrap_or_default())).await?;
        payload["content"] = json!({ "media": { "id": urn } });
    }
    let (headers, body) = send(bearer(e, e.http.post(e.url("/rest/posts")), post).json(&payload)).await?;
    let id =
        headers.get("x-restli-id").and_then(|v| v.to_str().ok()).map(str::to_owned).or_else(|| text_at(&body, &["id"]));
    Ok(published(id, |id| Some(format!("https://www.linkedin.com/feed/update/{id}"))))
}

async fn pinterest(e: &Endpoint<'_>, post: &Outgoing) -> Result<Sent, Sent> {
    let Some(image) = post.media.first() else { return Err(Sent::Permanent { error: "a pin needs an image".into() }) };
    let payload = json!({
        "title": post.title,
        "description": post.text,
        "link": post.link,
        "media_source": { "source_type": "image_url", "url": image.url },
    });
    let (_, body) = send(bearer(e, e.http.post(e.url("/v5/pins")), post).json(&payload)).await?;
    Ok(published(text_at(&body, &["id"]), |id| Some(format!("https://www.pinterest.com/pin/{id}/"))))
}

async fn youtube(e: &Endpoint<'_>, post: &Outgoing) -> Result<Sent, Sent> {
    let Some(video) = post.media.first() else {
        return Err(Sent::Permanent { error: "a YouTube post needs a video".into() });
    };
    let privacy = match post.visibility {
        Some(Visibility::Private) => "private",
        Some(Visibility::Unlisted) => "unlisted",
        _ => "public",
    };
    let metadata = json!({
        "snippet": { "title": post.title, "description": post.description.clone().unwrap_or_else(|| post.text.clone()) },
        "status": { "privacyStatus": privacy },
    });
    let boundary = format!("postwarden-{}", uuid::Uuid::new_v4().simple());
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{metadata}\r\n").as_bytes(),
    );
    body.extend_from_slice(format!("--{boundary}\r\nContent-Type: {}\r\n\r\n", video.content_type).as_bytes());
    body.extend_from_slice(video.bytes.as_deref().unwrap_or_default());
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request =
        bearer(e, e.http.post(e.url("/upload/youtube/v3/videos?uploadType=multipart&part=snippet,status")), post)
            .header("Content-Type", format!("multipart/related; boundary={boundary}"))
            .body(body);
    let (_, body) = send(request).await?;
    Ok(published(text_at(&body, &["id"]), |id| Some(format!("https://youtu.be/{id}"))))
}

async fn tiktok(e: &Endpoint<'_>, post: &Outgoing) -> Result<Sent, Sent> {
    let Some(video) = post.media.first() else {
        return Err(Sent::Permanent { error: "a TikTok post needs a video".into() });
    };
    let privacy = match post.visibility {
        Some(Visibility::Private) => "SELF_ONLY",
        Some(Visibility::Unlisted) => "MUTUAL_FOLLOW_FRIENDS",
        _ => "PUBLIC_TO_EVERYONE",
    };
    let payload = json!({
        "post_info": { "title": post.text, "privacy_level": privacy },
        "source_info": { "source": "PULL_FROM_URL", "video_url": video.url },
    });
    let (_, body) = send(bearer(e, e.http.post(e.url("/v2/post/publish/video/init/")), post).json(&payload)).await?;
    Ok(published(text_at(&body, &["data", "publish_id"]), |_| None))
}

/// Whether the platform lets us list an account's recent posts, so a send whose answer was
/// lost can be settled by asking instead of by a person.
pub fn can_look_up(platform: Platform) -> bool {
    matches!(platform, Platform::X | Platform::Facebook | Platform::Linkedin)
}

/// Asks whether the post already went out, by finding its text among the account's latest
/// posts.
pub async fn lookup(
    e: &Endpoint<'_>,
    platform: Platform,
    account_id: &str,
    text: &str,
    token: &SecretString,
) -> Lookup {
    let (path, list, text_key, url): (String, &str, &str, fn(&str) -> String) = match platform {
        Platform::X => (format!("/2/users/{account_id}/tweets?max_results=20"), "data", "text", |id| {
            format!("https://x.com/i/status/{id}")
        }),
        Platform::Facebook => {
            (format!("/v21.0/{account_id}/feed?fields=id,message&limit=25"), "data", "message", |id| {
                format!("https://www.facebook.com/{id}")
            })
        }
        Platform::Linkedin => (
            format!("/rest/posts?q=author&count=20&author={}", urlencode(&format!("urn:li:person:{account_id}"))),
            "elements",
            "commentary",
            |id| format!("https://www.linkedin.com/feed/update/{id}"),
        ),
        _ => return Lookup::Unsupported,
    };
    let request = e.http.get(e.url(&path)).bearer_auth(token.expose_secret()).timeout(e.timeout);
    match send(request).await {
        Ok((_, body)) => body[list]
            .as_array()
            .and_then(|posts| posts.iter().find(|p| p[text_key].as_str() == Some(text)))
            .and_then(|p| text_at(p, &["id"]))
            .map(|id| Lookup::Found { url: Some(url(&id)), remote_id: id })
            .unwrap_or(Lookup::NotFound),
        Err(_) => Lookup::Failed,
    }
}

/// `Ok(false)` when the platform's API offers no removal.
pub async fn remove(
    e: &Endpoint<'_>,
    platform: Platform,
    account_id: &str,
    remote_id: &str,
    token: &SecretString,
) -> Result<bool, Sent> {
    let request = match platform {
        Platform::X => e.http.delete(e.url(&format!("/2/tweets/{remote_id}"))),
        Platform::Facebook => e.http.delete(e.url(&format!("/v21.0/{remote_id}"))),
        Platform::Linkedin => e.http.delete(e.url(&format!("/rest/posts/{}", urlencode(remote_id)))),
        Platform::Pinterest => e.http.delete(e.url(&format!("/v5/pins/{remote_id}"))),
        Platform::Youtube => e.http.delete(e.url(&format!("/youtube/v3/videos?id={}", urlencode(remote_id)))),
        Platform::Telegram => {
            // One call for every message of an album; ones already deleted are skipped, so a
            // retry after a partial failure finishes the job.
            let ids: Vec<i64> = remote_id.split(',').filter_map(|id| id.trim().parse().ok()).collect();
            let url = format!("{}/bot{}/deleteMessages", e.api_base, token.expose_secret());
            let request =
                e.http.post(url).timeout(e.timeout).json(&json!({ "chat_id": account_id, "message_ids": ids }));
            return send(request).await.map(|_| true);
        }
        Platform::Instagram | Platform::Tiktok => return Ok(false),
    };
    send(request.bearer_auth(token.expose_secret()).timeout(e.timeout)).await.map(|_| true)
}

fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}
