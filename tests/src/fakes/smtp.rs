//! A small SMTP server on loopback, written against RFC 5321: enough of the protocol for a
//! real client to deliver to it (EHLO/HELO, AUTH PLAIN and LOGIN, MAIL, RCPT, DATA with
//! dot-unstuffing, RSET, NOOP, QUIT). It keeps every message it accepts and can be told to
//! refuse, or to stall before answering, so retries and crashes can be tested.

use base64::{Engine, engine::general_purpose::STANDARD};
use postwarden::{
    config::Config,
    mail::{SmtpConfig, SmtpTls},
};
use std::{
    collections::VecDeque,
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::{
        TcpListener, TcpStream,
        tcp::{OwnedReadHalf, OwnedWriteHalf},
    },
};

pub const USERNAME: &str = "postwarden";
pub const PASSWORD: &str = "smtp-password-for-tests";

/// One message the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message as sent after `DATA`, dot-unstuffed, lines ending in CRLF.
    pub data: String,
    /// The user name the session authenticated as.
    pub user: Option<String>,
}

impl Received {
    /// The value of the first header named `name` (unfolded lines only).
    pub fn header(&self, name: &str) -> Option<&str> {
        let prefix = format!("{name}: ");
        self.data.split("\r\n").take_while(|l| !l.is_empty()).find_map(|l| l.strip_prefix(prefix.as_str()))
    }
}

#[derive(Debug, Default)]
pub struct SmtpState {
    pub received: Vec<Received>,
    /// Replies to give to the next `MAIL FROM` commands instead of accepting, e.g.
    /// `451 4.3.0 Try again later`.
    pub refusals: VecDeque<String>,
    /// Refuse every `MAIL FROM` with this reply.
    pub refuse_always: Option<String>,
    /// Keep the next accepted message, then wait this long before answering it.
    pub stall_after_data: Option<Duration>,
    /// Authentication attempts with the wrong user name or password.
    pub bad_logins: u32,
    pub sessions: u32,
}

#[derive(Clone)]
pub struct FakeSmtp {
    pub addr: SocketAddr,
    state: Arc<Mutex<SmtpState>>,
}

impl FakeSmtp {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let state = Arc::new(Mutex::new(SmtpState::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    let _ = session(stream, state).await;
                });
            }
        });
        Self { addr, state }
    }

    pub fn lock(&self) -> MutexGuard<'_, SmtpState> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Points the server's mail settings here: plain SMTP on loopback, with a login.
    pub fn configure(&self, config: &mut Config) {
        config.mail.from = "Postwarden <no-reply@postwarden.test>".into();
        config.mail.smtp = Some(SmtpConfig {
            host: self.addr.ip().to_string(),
            port: Some(self.addr.port()),
            username: Some(USERNAME.into()),
            password: Some(PASSWORD.into()),
            tls: SmtpTls::None,
            hello_name: Some("postwarden.test".into()),
            timeout_secs: 5,
        });
    }
}

async fn reply(writer: &mut OwnedWriteHalf, line: &str) -> std::io::Result<()> {
    writer.write_all(format!("{line}\r\n").as_bytes()).await
}

fn path_of(argument: &str) -> String {
    let start = argument.find('<').map_or(0, |i| i + 1);
    let end = argument[start..].find('>').map_or(argument.len(), |i| start + i);
    argument[start..end].to_owned()
}

/// `\0user\0password`, base64.
fn plain_login(encoded: &str) -> Option<(String, String)> {
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let mut parts = decoded.split('\0');
    let (_authzid, user, password) = (parts.next()?, parts.next()?, parts.next()?);
    Some((user.to_owned(), password.to_owned()))
}

fn decode(line: &str) -> String {
    STANDARD.decode(line.trim()).ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default()
}

/// Reads the next line into `line`; false at the end of the stream.
async fn next(reader: &mut BufReader<OwnedReadHalf>, line: &mut String) -> std::io::Result<bool> {
    line.clear();
    Ok(reader.read_line(line).await? > 0)
}

async fn session(stream: TcpStream, state: Arc<Mutex<SmtpState>>) -> std::io::Result<()> {
    let lock = || state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    lock().sessions += 1;
    let (read, mut writer) = stream.into_split();
    let mut reader = BufReader::new(read);
    let mut line = String::new();
    reply(&mut writer, "220 fake.smtp.test ESMTP ready").await?;
    let (mut mail_from, mut rcpt_to, mut user) = (None::<String>, Vec::new(), None::<String>);
    while next(&mut reader, &mut line).await? {
        let command = line.trim_end_matches(['\r', '\n']).to_owned();
        let (verb, argument) = command.split_once(' ').unwrap_or((&command, ""));
        let login = |found: Option<(String, String)>| match found {
            Some((u, p)) if u == USERNAME && p == PASSWORD => Some(u),
            _ => None,
        };
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" => {
                reply(&mut writer, &format!("250-fake.smtp.test greets {argument}")).await?;
                reply(&mut writer, "250-AUTH PLAIN LOGIN").await?;
                reply(&mut writer, "250 8BITMIME").await?;
            }
            "HELO" => reply(&mut writer, "250 fake.smtp.test").await?,
            "AUTH" => {
                let (mechanism, initial) = argument.split_once(' ').unwrap_or((argument, ""));
                let found = match mechanism.to_ascii_uppercase().as_str() {
                    "PLAIN" if !initial.is_empty() => plain_login(initial),
                    "PLAIN" => {
                        reply(&mut writer, "334 ").await?;
                        next(&mut reader, &mut line).await?;
                        plain_login(&line)
                    }
                    "LOGIN" => {
                        reply(&mut writer, "334 VXNlcm5hbWU6").await?;
                        next(&mut reader, &mut line).await?;
                        let name = decode(&line);
                        reply(&mut writer, "334 UGFzc3dvcmQ6").await?;
                        next(&mut reader, &mut line).await?;
                        Some((name, decode(&line)))
                    }
                    _ => None,
                };
                user = login(found);
                if user.is_some() {
                    reply(&mut writer, "235 2.7.0 Authentication successful").await?;
                } else {
                    lock().bad_logins += 1;
                    reply(&mut writer, "535 5.7.8 Authentication credentials invalid").await?;
                }
            }
            "MAIL" => {
                let refusal = {
                    let mut state = lock();
                    state.refusals.pop_front().or_else(|| state.refuse_always.clone())
                };
                match refusal {
                    Some(refusal) => reply(&mut writer, &refusal).await?,
                    None => {
                        mail_from = Some(path_of(argument));
                        rcpt_to.clear();
                        reply(&mut writer, "250 2.1.0 OK").await?;
                    }
                }
            }
            "RCPT" if mail_from.is_some() => {
                rcpt_to.push(path_of(argument));
                reply(&mut writer, "250 2.1.5 OK").await?;
            }
            "DATA" if mail_from.is_some() && !rcpt_to.is_empty() => {
                reply(&mut writer, "354 End data with <CR><LF>.<CR><LF>").await?;
                let mut data = String::new();
                loop {
                    if !next(&mut reader, &mut line).await? {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                let stall = {
                    let mut state = lock();
                    state.received.push(Received {
                        mail_from: mail_from.take().unwrap_or_default(),
                        rcpt_to: std::mem::take(&mut rcpt_to),
                        data,
                        user: user.clone(),
                    });
                    state.stall_after_data.take()
                };
                if let Some(stall) = stall {
                    tokio::time::sleep(stall).await;
                }
                reply(&mut writer, "250 2.0.0 Queued").await?;
            }
            "RCPT" | "DATA" => reply(&mut writer, "503 5.5.1 Bad sequence of commands").await?,
            "RSET" => {
                mail_from = None;
                rcpt_to.clear();
                reply(&mut writer, "250 2.0.0 OK").await?;
            }
            "NOOP" => reply(&mut writer, "250 2.0.0 OK").await?,
            "QUIT" => {
                reply(&mut writer, "221 2.0.0 Bye").await?;
                return Ok(());
            }
            _ => reply(&mut writer, "502 5.5.2 Command not recognised").await?,
        }
    }
    Ok(())
}
