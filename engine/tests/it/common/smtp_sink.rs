//! A real SMTP server on loopback that keeps what it is sent: the relay that
//! delivery tests forward and auto-reply through (and a domain's filter host).

use std::sync::{Arc, Mutex};

use smtp_proto::request::receiver::{DataReceiver, RequestReceiver};
use smtp_proto::Request;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Sent {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

pub struct Sink {
    pub addr: String,
    pub sent: Arc<Mutex<Vec<Sent>>>,
}

impl Sink {
    pub async fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind sink");
        let addr = listener.local_addr().expect("addr").to_string();
        let sent = Arc::new(Mutex::new(Vec::new()));
        let keep = sent.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let keep = keep.clone();
                tokio::spawn(async move {
                    let _ = stream.write_all(b"220 sink ready\r\n").await;
                    let mut commands = RequestReceiver::default();
                    let mut data: Option<(DataReceiver, Vec<u8>)> = None;
                    let (mut from, mut to) = (String::new(), Vec::new());
                    let mut chunk = vec![0u8; 8192];
                    loop {
                        let Ok(n) = stream.read(&mut chunk).await else { return };
                        if n == 0 {
                            return;
                        }
                        let mut iter = chunk[..n].iter();
                        let mut out = Vec::new();
                        loop {
                            if let Some((receiver, buf)) = data.as_mut() {
                                if !receiver.ingest(&mut iter, buf) {
                                    break;
                                }
                                let text = String::from_utf8_lossy(buf).into_owned();
                                let mail =
                                    Sent { from: std::mem::take(&mut from), to: std::mem::take(&mut to), data: text };
                                keep.lock().expect("lock").push(mail);
                                data = None;
                                out.extend_from_slice(b"250 2.0.0 queued\r\n");
                                continue;
                            }
                            match commands.ingest(&mut iter) {
                                Ok(Request::Ehlo { .. }) | Ok(Request::Helo { .. }) => {
                                    out.extend_from_slice(b"250-sink\r\n250 8BITMIME\r\n")
                                }
                                Ok(Request::Mail { from: f }) => {
                                    from = f.address.to_string();
                                    out.extend_from_slice(b"250 2.1.0 ok\r\n")
                                }
                                Ok(Request::Rcpt { to: t }) => {
                                    to.push(t.address.to_string());
                                    out.extend_from_slice(b"250 2.1.5 ok\r\n")
                                }
                                Ok(Request::Data) => {
                                    data = Some((DataReceiver::new(), Vec::new()));
                                    out.extend_from_slice(b"354 go\r\n")
                                }
                                Ok(Request::Quit) => {
                                    let _ = stream.write_all(b"221 bye\r\n").await;
                                    return;
                                }
                                Ok(_) => out.extend_from_slice(b"250 ok\r\n"),
                                Err(smtp_proto::Error::NeedsMoreData { .. }) => break,
                                Err(_) => out.extend_from_slice(b"500 what\r\n"),
                            }
                        }
                        if stream.write_all(&out).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Sink { addr, sent }
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.sent.lock().expect("lock").clone()
    }
}
