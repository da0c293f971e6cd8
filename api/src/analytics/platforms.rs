//! Each platform's metrics endpoint, read into [`Metrics`].

use super::Metrics;
use crate::platforms::{Endpoint, text_at};
use chrono::{DateTime, Utc};
use entity::sea_orm_active_enums::Platform;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use std::time::Duration;

#[derive(Debug)]
pub enum Pulled {
    Metrics(Metrics),
    RateLimited(Option<Duration>),
    Unauthorized,
    Failed(String),
    /// The platform reports no metrics for posts made this way.
    Unsupported,
}

async fn call(request: reqwest::RequestBuilder) -> Result<Value, Pulled> {
    let response = request.send().await.map_err(|_| Pulled::Failed("could not reach the platform".into()))?;
    let status = response.status().as_u16();
    let retry_after = crate::platforms::retry_after(response.headers());
    let body: Value = response.json().await.unwrap_or(Value::Null);
    match status {
        200..=299 => Ok(body),
        401 => Err(Pulled::Unauthorized),
        429 => Err(Pulled::RateLimited(retry_after)),
        other => Err(Pulled::Failed(format!("the platform answered {other}"))),
    }
}

fn n(body: &Value, path: &[&str]) -> i64 {
    text_at(body, path).and_then(|t| t.parse::<f64>().ok()).map(|f| f as i64).unwrap_or(0)
}

pub struct Target<'a> {
    pub platform: Platform,
    pub remote_id: &'a str,
    pub published_at: DateTime<Utc>,
    pub token: &'a SecretString,
}

pub async fn fetch(e: &Endpoint<'_>, analytics_base: &str, t: &Target<'_>, now: DateTime<Utc>) -> Pulled {
    match fetch_inner(e, analytics_base, t, now).await {
        Ok(metrics) => Pulled::Metrics(metrics),
        Err(pulled) => pulled,
    }
}

async fn fetch_inner(
    e: &Endpoint<'_>,
    analytics_base: &str,
    t: &Target<'_>,
    now: DateTime<Utc>,
) -> Result<Metrics, Pulled> {
    let get = |url: String| e.http.get(url).bearer_auth(t.token.expose_secret()).timeout(e.timeout);
    let id = t.remote_id;
    Ok(match t.platform {
        Platform::X => {
            let body = call(get(e.url(&format!("/2/tweets/{id}?tweet.fields=public_metrics")))).await?;
            let m = |k: &str| n(&body, &["data", "public_metrics", k]);
            Metrics {
                views: m("impression_count"),
                likes: m("like_count"),
                comments: m("reply_count"),
                shares: m("retweet_count") + m("quote_count"),
                saves: m("bookmark_count"),
                ..Metrics::default()
            }
        }
        Platform::Youtube => {
            let body = call(get(e.url(&format!("/youtube/v3/videos?part=statistics&id={id}")))).await?;
            let s = |k: &str| n(&body, &["items", "0", "statistics", k]);
            let report = |metrics: &str| {
                get(format!(
                    "{analytics_base}/v2/reports?ids=channel==MINE&metrics={metrics}&filters=video=={id}&startDate={}&endDate={}",
                    t.published_at.date_naive(),
                    now.date_naive()
                ))
            };
            let engagement = call(report("estimatedMinutesWatched,subscribersGained,subscribersLost")).await?;
            let cell = |i: usize| engagement["rows"][0][i].as_f64();
            // Revenue needs the monetary grant and a partner channel; without them YouTube
            // refuses this one report, which must not cost the rest of the pull.
            let revenue = match call(report("estimatedRevenue")).await {
                Ok(body) => body["rows"][0][0].as_f64().map(|usd| ((usd * 1_000_000.0).round() as i64, "USD".into())),
                Err(Pulled::RateLimited(wait)) => return Err(Pulled::RateLimited(wait)),
                Err(_) => None,
            };
            Metrics {
                views: s("viewCount"),
                likes: s("likeCount"),
                comments: s("commentCount"),
                watch_time_secs: (cell(0).unwrap_or(0.0) * 60.0) as i64,
                follower_delta: cell(1).zip(cell(2)).map(|(gained, lost)| (gained - lost) as i64),
                revenue,
                ..Metrics::default()
            }
        }
        Platform::Tiktok => {
            let request = e
                .http
                .post(e.url("/v2/video/query/?fields=view_count,like_count,comment_count,share_count"))
                .bearer_auth(t.token.expose_secret())
                .timeout(e.timeout)
                .json(&json!({ "filters": { "video_ids": [id] } }));
            let body = call(request).await?;
            let v = |k: &str| n(&body, &["data", "videos", "0", k]);
            Metrics {
                views: v("view_count"),
                likes: v("like_count"),
                comments: v("comment_count"),
                shares: v("share_count"),
                ..Metrics::default()
            }
        }
        Platform::Facebook => {
            let fields =
                "insights.metric(post_impressions),reactions.summary(total_count),comments.summary(total_count),shares";
            let body = call(get(e.url(&format!("/v21.0/{id}?fields={fields}")))).await?;
            Metrics {
                views: n(&body, &["insights", "data", "0", "values", "0", "value"]),
                likes: n(&body, &["reactions", "summary", "total_count"]),
                comments: n(&body, &["comments", "summary", "total_count"]),
                shares: n(&body, &["shares", "count"]),
                ..Metrics::default()
            }
        }
        Platform::Instagram => {
            let body =
                call(get(e.url(&format!("/v21.0/{id}/insights?metric=views,likes,comments,shares,saved")))).await?;
            let by_name = |name: &str| {
                body["data"]
                    .as_array()
                    .and_then(|items| items.iter().find(|i| i["name"] == name))
                    .map(|i| n(i, &["values", "0", "value"]))
                    .unwrap_or(0)
            };
            Metrics {
                views: by_name("views"),
                likes: by_name("likes"),
                comments: by_name("comments"),
                shares: by_name("shares"),
                saves: by_name("saved"),
                ..Metrics::default()
            }
        }
        Platform::Linkedin => {
            let encoded: String = id
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            let body = call(get(e.url(&format!("/rest/socialActions/{encoded}")))).await?;
            Metrics {
                likes: n(&body, &["likesSummary", "totalLikes"]),
                comments: n(&body, &["commentsSummary", "totalFirstLevelComments"]),
                ..Metrics::default()
            }
        }
        Platform::Pinterest => {
            let url = format!(
                "/v5/pins/{id}/analytics?start_date={}&end_date={}&metric_types=IMPRESSION,SAVE,PIN_CLICK",
                t.published_at.date_naive(),
                now.date_naive()
            );
            let body = call(get(e.url(&url))).await?;
            let s = |k: &str| n(&body, &["all", "summary_metrics", k]);
            Metrics { views: s("IMPRESSION"), saves: s("SAVE"), ..Metrics::default() }
        }
        // The Bot API shows bots no view counts for the messages they send.
        Platform::Telegram => return Err(Pulled::Unsupported),
    })
}
