//! One keep-alive HTTP/1.1 client connection (hyper 1, no pooling).

use std::net::SocketAddr;

use anyhow::{Context, Result};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{HeaderValue, CONTENT_TYPE, HOST};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

pub struct Conn {
    sender: SendRequest<Full<Bytes>>,
    host: HeaderValue,
}

impl Conn {
    pub async fn open(addr: SocketAddr) -> Result<Conn> {
        let stream = TcpStream::connect(addr).await.with_context(|| format!("connecting to {addr}"))?;
        stream.set_nodelay(true).context("setting TCP_NODELAY")?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream)).await.context("HTTP/1.1 handshake")?;
        // The connection future drives the socket; it ends when `sender` drops
        // or the peer closes. Its error, if any, surfaces through `sender`.
        tokio::spawn(async move {
            let _ = connection.await;
        });
        let host = HeaderValue::from_str(&addr.to_string()).context("Host header")?;
        Ok(Conn { sender, host })
    }

    pub async fn post(&mut self, path: &str, json: Bytes) -> Result<(StatusCode, Bytes)> {
        self.send(Method::POST, path, json).await
    }

    pub async fn get(&mut self, path: &str) -> Result<(StatusCode, Bytes)> {
        self.send(Method::GET, path, Bytes::new()).await
    }

    async fn send(&mut self, method: Method, path: &str, body: Bytes) -> Result<(StatusCode, Bytes)> {
        self.sender.ready().await.context("connection closed")?;
        let mut request = Request::builder().method(method.clone()).uri(path).header(HOST, self.host.clone());
        if method == Method::POST {
            request = request.header(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        let request = request.body(Full::new(body)).context("building request")?;
        let response = self.sender.send_request(request).await.context("sending request")?;
        let status = response.status();
        let body = response.into_body().collect().await.context("reading response body")?.to_bytes();
        Ok((status, body))
    }
}
