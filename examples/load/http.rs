//! A minimal keep-alive HTTP/1.1 client over one TCP connection: enough to load our own server without
//! pulling a client crate into the build, and with nothing between the measurement and the socket.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One connection to the server, reopened after an error.
pub struct Client {
    authority: String,
    token: String,
    /// The session cookie the server set, sent back like a browser does.
    cookie: Option<String>,
    stream: Option<BufReader<TcpStream>>,
}

/// A response: status and body.
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// Longer than any answer should take: analysing a long article against a large memory takes seconds.
const ANSWER_WITHIN: Duration = Duration::from_secs(120);

impl Client {
    pub fn new(base_url: &str, token: &str) -> Self {
        let authority = base_url.trim_start_matches("http://").trim_end_matches('/').to_owned();
        Self { authority, token: token.to_owned(), cookie: None, stream: None }
    }

    /// Sends one request; an I/O error drops the connection so that the next request opens a new one.
    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> std::io::Result<Response> {
        let result = tokio::time::timeout(ANSWER_WITHIN, self.exchange(method, path, body)).await;
        match result {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(e)) => {
                self.stream = None;
                Err(e)
            }
            Err(_) => {
                self.stream = None;
                Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer in 120 s"))
            }
        }
    }

    async fn exchange(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> std::io::Result<Response> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(&self.authority).await?;
            stream.set_nodelay(true)?;
            self.stream = Some(BufReader::new(stream));
        }
        let stream = self.stream.as_mut().expect("connected above");
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut credentials = String::new();
        if !self.token.is_empty() {
            credentials.push_str(&format!("Authorization: Bearer {}\r\n", self.token));
        }
        if let Some(cookie) = &self.cookie {
            credentials.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{credentials}Content-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            self.authority,
            body.len()
        );
        stream.get_mut().write_all(request.as_bytes()).await?;
        let mut line = String::new();
        stream.read_line(&mut line).await?;
        let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, format!("bad status line {line:?}"))
        })?;
        let mut length = 0;
        loop {
            line.clear();
            if stream.read_line(&mut line).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                } else if name.eq_ignore_ascii_case("set-cookie") {
                    self.cookie = value.trim().split(';').next().map(str::to_owned);
                }
            }
        }
        let mut body = vec![0; length];
        stream.read_exact(&mut body).await?;
        Ok(Response { status, body })
    }
}
