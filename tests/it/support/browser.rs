//! A real headless Chromium driven through chromedriver's W3C WebDriver protocol (JSON over HTTP on
//! loopback). A few dozen lines of client instead of a WebDriver crate and its TLS stack.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Value};

use super::process::DataDir;

/// Keys of the WebDriver keyboard (the spec's private-use code points).
pub mod keys {
    /// Releases every held modifier.
    pub const NULL: char = '\u{E000}';
    /// Enter.
    pub const ENTER: char = '\u{E007}';
    /// Shift.
    pub const SHIFT: char = '\u{E008}';
    /// Control.
    pub const CONTROL: char = '\u{E009}';
    /// Arrow up.
    pub const UP: char = '\u{E013}';
    /// Arrow down.
    pub const DOWN: char = '\u{E015}';
    /// Alt.
    pub const ALT: char = '\u{E00A}';
    /// Escape.
    pub const ESCAPE: char = '\u{E00C}';
    /// Arrow left.
    pub const LEFT: char = '\u{E012}';
    /// Arrow right.
    pub const RIGHT: char = '\u{E014}';
    /// End.
    pub const END: char = '\u{E010}';
    /// F1.
    pub const F1: char = '\u{E031}';
    /// F2.
    pub const F2: char = '\u{E032}';
    /// Backspace.
    pub const BACKSPACE: char = '\u{E003}';
}

/// A browser session; dropping it closes the browser and stops chromedriver.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: DataDir,
}

/// An element of the current page.
#[derive(Clone, Debug)]
pub struct Element(String);

/// Below this width the browser is a phone.
const PHONE_WIDTH: u32 = 600;

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile, at `width`×`height`.
    pub fn start(width: u32, height: u32) -> Self {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("chromedriver is needed for the browser tests ({e}): apt-get install chromium chromium-driver"));
        let profile = DataDir::new("chromium");
        let mut browser = Self { driver, port, session: String::new(), _profile: profile };
        let deadline = Instant::now() + Duration::from_secs(20);
        while browser.call("GET", "/status", None).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--lang=en-US",
            &format!("--window-size={width},{height}"),
            &format!("--user-data-dir={}", browser._profile.0.display()),
        ];
        let mut options = json!({"binary": "/usr/bin/chromium", "args": args});
        // A desktop window is never narrower than about 500 px: a phone's width needs the phone's viewport
        // (the page's `<meta name=viewport>` honoured, touch on).
        if width < PHONE_WIDTH {
            options["mobileEmulation"] =
                json!({"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}});
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options
        }}});
        let created = browser.call("POST", "/session", Some(capabilities)).expect("a browser session");
        browser.session = created["sessionId"].as_str().expect("session id").to_owned();
        browser
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| e.to_string())?;
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             \r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
        // chromedriver keeps the connection open: read the head, then exactly Content-Length bytes.
        let mut response = Vec::new();
        let mut buffer = [0u8; 8192];
        let split = loop {
            if let Some(split) = response.windows(4).position(|w| w == b"\r\n\r\n") {
                break split;
            }
            let n = stream.read(&mut buffer).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("connection closed before a response".into());
            }
            response.extend_from_slice(&buffer[..n]);
        };
        let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .ok_or("no Content-Length")?;
        let mut body = response[split + 4..].to_vec();
        while body.len() < length {
            let n = stream.read(&mut buffer).map_err(|e| e.to_string())?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&buffer[..n]);
        }
        let body = String::from_utf8_lossy(&body).into_owned();
        let json: Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
        if head.split_whitespace().nth(1) == Some("200") {
            Ok(json["value"].clone())
        } else {
            Err(json["value"]["message"].as_str().unwrap_or(&body).to_owned())
        }
    }

    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        self.call(method, &path, body).unwrap_or_else(|e| panic!("webdriver {method} {path}: {e}"))
    }

    /// Reads `what` of an element. An element whose page was replaced meanwhile (a form answered, a way
    /// back taken) reads as null, so a `wait` polling it tries again on the new page instead of failing.
    fn read(&self, element: &Element, what: &str) -> Value {
        let path = format!("/session/{}/element/{}/{what}", self.session, element.0);
        match self.call("GET", &path, None) {
            Ok(value) => value,
            Err(e) if e.contains("stale element") => Value::Null,
            Err(e) => panic!("webdriver GET {path}: {e}"),
        }
    }

    /// Opens `url`.
    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({"url": url})));
    }

    /// The current URL.
    pub fn url(&self) -> String {
        self.command("GET", "/url", None).as_str().unwrap_or_default().to_owned()
    }

    /// The first element matching `css`, waiting up to 10 s for it to appear.
    pub fn find(&self, css: &str) -> Element {
        self.wait(&format!("an element {css}"), || self.find_all(css).into_iter().next())
    }

    /// Every element matching `css` now.
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let found = self.command("POST", "/elements", Some(json!({"using": "css selector", "value": css})));
        found
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e[ELEMENT_KEY].as_str())
            .map(|id| Element(id.to_owned()))
            .collect()
    }

    /// Clicks `element`, scrolled to the middle of the window first as a person would.
    pub fn click(&self, element: &Element) {
        self.execute("arguments[0].scrollIntoView({block: 'center'})", json!([{ ELEMENT_KEY: element.0 }]));
        self.command("POST", &format!("/element/{}/click", element.0), Some(json!({})));
    }

    /// Types `text` into `element` (the keys module has Ctrl, Alt, Enter...; modifiers stay down until
    /// [`keys::NULL`] or the end of the text).
    pub fn type_into(&self, element: &Element, text: &str) {
        self.command("POST", &format!("/element/{}/value", element.0), Some(json!({"text": text})));
    }

    /// Presses `chord` on whatever has the focus, as a person does: each key down in order, then up in
    /// reverse (`[CONTROL, 'k']` is Ctrl+K).
    pub fn press(&self, chord: &[char]) {
        let down = chord.iter().map(|k| json!({"type": "keyDown", "value": k.to_string()}));
        let up = chord.iter().rev().map(|k| json!({"type": "keyUp", "value": k.to_string()}));
        let actions: Vec<Value> = down.chain(up).collect();
        let body = json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]});
        self.command("POST", "/actions", Some(body));
    }

    /// A DOM property of `element`, e.g. `value`.
    pub fn property(&self, element: &Element, name: &str) -> Value {
        self.read(element, &format!("property/{name}"))
    }

    /// An attribute of `element` (empty when absent).
    pub fn attribute(&self, element: &Element, name: &str) -> String {
        self.read(element, &format!("attribute/{name}")).as_str().unwrap_or_default().to_owned()
    }

    /// The rendered text of `element`.
    pub fn text(&self, element: &Element) -> String {
        self.read(element, "text").as_str().unwrap_or_default().to_owned()
    }

    /// Runs `script` in the page (`arguments[i]` are `args`) and returns its result.
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.command("POST", "/execute/sync", Some(json!({"script": script, "args": args})))
    }

    /// Waits up to 10 s for `check` to give a value.
    pub fn wait<T>(&self, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(value) = check() {
                return value;
            }
            if Instant::now() > deadline {
                let page = self.execute("return document.documentElement.outerHTML", json!([]));
                let page: String = page.as_str().unwrap_or_default().chars().take(3000).collect();
                panic!("timed out waiting for {what} at {}; the page:\n{page}", self.url());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Vec<u8> {
        let encoded = self.command("GET", "/screenshot", None);
        STANDARD
            .decode(encoded.as_str().unwrap_or_default())
            .expect("WebDriver sends the screenshot as base64")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
