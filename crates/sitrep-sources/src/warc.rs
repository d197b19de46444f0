//! WARC 1.0 and 1.1 archives, plain or gzip-compressed record by record as
//! Common Crawl writes them: records, and the HTTP responses inside them.
//!
//! ```
//! use sitrep_sources::warc::{WarcReader, WarcWriter};
//! let mut w = WarcWriter::new(Vec::new(), false);
//! w.response("https://news.example/a", "2024-02-01T10:00:00Z", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Hello</p>").unwrap();
//! let bytes = w.finish().unwrap();
//! let rec = WarcReader::new(&bytes[..]).next().unwrap().unwrap();
//! assert_eq!(rec.header("WARC-Target-URI"), Some("https://news.example/a"));
//! assert_eq!(rec.http().unwrap().status, 200);
//! ```

use flate2::read::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read, Write};

/// One WARC record: its named fields and its block.
#[derive(Debug, Clone)]
pub struct WarcRecord {
    /// `WARC/1.0` or `WARC/1.1`.
    pub version: String,
    pub headers: Vec<(String, String)>,
    pub block: Vec<u8>,
    /// 1-based position of the record in the archive.
    pub number: usize,
}

/// What went wrong reading a record.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    #[error("record {number}: expected a WARC/1.0 or WARC/1.1 version line, found {found:?}")]
    BadVersion { number: usize, found: String },
    #[error("record {number}: header line {line:?} is not `Name: value`")]
    BadHeader { number: usize, line: String },
    #[error("record {number}: no valid Content-Length")]
    NoLength { number: usize },
    #[error("record {number}: truncated: Content-Length says {expected} bytes, the archive ends after {got}")]
    Truncated { number: usize, expected: usize, got: usize },
    #[error("record {number}: {source}")]
    Io { number: usize, source: std::io::Error },
}

impl WarcRecord {
    /// A named field (names compare case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn kind(&self) -> &str {
        self.header("WARC-Type").unwrap_or("")
    }

    /// The HTTP response of a `response` record.
    pub fn http(&self) -> Option<HttpResponse> {
        HttpResponse::parse(&self.block)
    }
}

/// An HTTP response as archived: status, headers and the decoded body
/// (chunked transfer and gzip/deflate content encodings undone).
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn parse(block: &[u8]) -> Option<HttpResponse> {
        if !block.starts_with(b"HTTP/") {
            return None;
        }
        let (head_end, body_start) = find_head_end(block)?;
        let head = String::from_utf8_lossy(&block[..head_end]);
        let mut lines = head.lines();
        let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let get = |n: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(n))
                .map(|(_, v)| v.to_ascii_lowercase())
        };
        let mut body = block[body_start..].to_vec();
        if get("Transfer-Encoding").is_some_and(|t| t.contains("chunked")) {
            if let Some(b) = dechunk(&body) {
                body = b;
            }
        }
        match get("Content-Encoding").as_deref() {
            Some("gzip") | Some("x-gzip") => {
                let mut out = Vec::new();
                if MultiGzDecoder::new(&body[..]).read_to_end(&mut out).is_ok() {
                    body = out;
                }
            }
            Some("deflate") => {
                let mut out = Vec::new();
                if flate2::read::ZlibDecoder::new(&body[..]).read_to_end(&mut out).is_ok() {
                    body = out;
                }
            }
            _ => {}
        }
        Some(HttpResponse { status, headers, body })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type, lower case, without parameters.
    pub fn media_type(&self) -> Option<String> {
        self.header("Content-Type")
            .and_then(|c| c.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase())
    }

    /// The `charset` parameter of the Content-Type.
    pub fn charset(&self) -> Option<String> {
        let ct = self.header("Content-Type")?;
        ct.split(';')
            .find_map(|p| p.trim().strip_prefix("charset=").map(|c| c.trim_matches(['"', '\'']).to_string()))
    }
}

fn find_head_end(b: &[u8]) -> Option<(usize, usize)> {
    let crlf = b.windows(4).position(|w| w == b"\r\n\r\n").map(|p| (p, p + 4));
    let lf = b.windows(2).position(|w| w == b"\n\n").map(|p| (p, p + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let nl = b.iter().position(|&c| c == b'\n')?;
        let size_line = std::str::from_utf8(&b[..nl]).ok()?.trim();
        let size = usize::from_str_radix(size_line.split(';').next()?.trim(), 16).ok()?;
        b = &b[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size..)?;
        b = b.strip_prefix(b"\r\n").or_else(|| b.strip_prefix(b"\n")).unwrap_or(b);
    }
}

/// Reads records one after another from a plain or gzip-compressed archive.
/// After a malformed record the reader looks for the next version line and
/// goes on.
pub struct WarcReader<R: BufRead> {
    input: R,
    number: usize,
    done: bool,
    resync: bool,
}

impl WarcReader<Box<dyn BufRead>> {
    /// A reader over raw archive bytes, gzip or not (sniffed from the magic bytes).
    pub fn from_reader<R: Read + 'static>(r: R) -> std::io::Result<WarcReader<Box<dyn BufRead>>> {
        let mut br = BufReader::with_capacity(1 << 16, r);
        let gz = br.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let input: Box<dyn BufRead> = if gz {
            Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(br)))
        } else {
            Box::new(br)
        };
        Ok(WarcReader::new(input))
    }
}

impl<R: BufRead> WarcReader<R> {
    /// A reader over an uncompressed archive.
    pub fn new(input: R) -> WarcReader<R> {
        WarcReader {
            input,
            number: 0,
            done: false,
            resync: false,
        }
    }

    fn read_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<usize> {
        buf.clear();
        self.input.read_until(b'\n', buf)
    }

    fn read_record(&mut self) -> Option<Result<WarcRecord, WarcError>> {
        let number = self.number + 1;
        let io = |source| WarcError::Io { number, source };
        let mut line = Vec::new();
        // the version line, after the blank lines that end the previous record
        let version = loop {
            match self.read_line(&mut line) {
                Err(e) => return Some(Err(io(e))),
                Ok(0) => return None,
                Ok(_) => {}
            }
            let l = String::from_utf8_lossy(&line).trim().to_string();
            if l.is_empty() {
                continue;
            }
            if l.starts_with("WARC/1.") {
                break l;
            }
            if !self.resync {
                self.resync = true;
                self.number = number;
                return Some(Err(WarcError::BadVersion {
                    number,
                    found: l.chars().take(60).collect(),
                }));
            }
        };
        self.resync = false;
        self.number = number;
        let mut headers = Vec::new();
        loop {
            match self.read_line(&mut line) {
                Err(e) => return Some(Err(io(e))),
                Ok(0) => {
                    return Some(Err(WarcError::Truncated {
                        number,
                        expected: 0,
                        got: 0,
                    }))
                }
                Ok(_) => {}
            }
            let l = String::from_utf8_lossy(&line);
            let l = l.trim_end_matches(['\r', '\n']);
            if l.is_empty() {
                break;
            }
            if l.starts_with([' ', '\t']) {
                // a folded continuation line
                if let Some((_, v)) = headers.last_mut() {
                    let v: &mut String = v;
                    v.push(' ');
                    v.push_str(l.trim());
                }
                continue;
            }
            match l.split_once(':') {
                Some((k, v)) if !k.trim().is_empty() => headers.push((k.trim().to_string(), v.trim().to_string())),
                _ => {
                    self.resync = true;
                    return Some(Err(WarcError::BadHeader {
                        number,
                        line: l.chars().take(80).collect(),
                    }));
                }
            }
        }
        let Some(len) = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse::<usize>().ok())
        else {
            self.resync = true;
            return Some(Err(WarcError::NoLength { number }));
        };
        let mut block = Vec::with_capacity(len.min(1 << 24));
        match (&mut self.input).take(len as u64).read_to_end(&mut block) {
            Err(e) => return Some(Err(io(e))),
            Ok(got) if got < len => {
                self.done = true;
                return Some(Err(WarcError::Truncated {
                    number,
                    expected: len,
                    got,
                }));
            }
            Ok(_) => {}
        }
        Some(Ok(WarcRecord {
            version,
            headers,
            block,
            number,
        }))
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<WarcRecord, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = self.read_record();
        if matches!(r, None | Some(Err(WarcError::Io { .. }))) {
            self.done = true;
        }
        r
    }
}

/// Writes WARC/1.1 records, each its own gzip member when compressing (the
/// Common Crawl layout). Used to build test archives and to export pages.
pub struct WarcWriter<W: Write> {
    out: W,
    gzip: bool,
    count: usize,
}

impl<W: Write> WarcWriter<W> {
    pub fn new(out: W, gzip: bool) -> WarcWriter<W> {
        WarcWriter { out, gzip, count: 0 }
    }

    /// Writes one record with the given type, fields and block; Content-Length is added.
    pub fn record(&mut self, warc_type: &str, fields: &[(&str, &str)], block: &[u8]) -> std::io::Result<()> {
        self.count += 1;
        let mut rec = Vec::with_capacity(block.len() + 512);
        write!(
            rec,
            "WARC/1.1\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:sitrep:record-{}>\r\n",
            self.count
        )?;
        for (k, v) in fields {
            write!(rec, "{k}: {v}\r\n")?;
        }
        write!(rec, "Content-Length: {}\r\n\r\n", block.len())?;
        rec.extend_from_slice(block);
        rec.extend_from_slice(b"\r\n\r\n");
        if self.gzip {
            let mut gz = flate2::write::GzEncoder::new(&mut self.out, flate2::Compression::default());
            gz.write_all(&rec)?;
            gz.finish()?;
        } else {
            self.out.write_all(&rec)?;
        }
        Ok(())
    }

    /// A `response` record holding an HTTP response (status line, headers, body).
    pub fn response(&mut self, uri: &str, date: &str, http: &[u8]) -> std::io::Result<()> {
        self.record(
            "response",
            &[
                ("WARC-Target-URI", uri),
                ("WARC-Date", date),
                ("Content-Type", "application/http; msgtype=response"),
            ],
            http,
        )
    }

    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_and_gzipped_bodies_decode() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<p>zipped page</p>").unwrap();
        let z = gz.finish().unwrap();
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n".to_vec();
        http.extend_from_slice(&z);
        let r = HttpResponse::parse(&http).unwrap();
        assert_eq!(r.body, b"<p>zipped page</p>");
        assert_eq!(r.charset().as_deref(), Some("UTF-8"));
        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        assert_eq!(HttpResponse::parse(chunked).unwrap().body, b"hello world");
    }

    #[test]
    fn a_bad_record_is_reported_and_reading_goes_on() {
        let mut w = WarcWriter::new(Vec::new(), false);
        w.record("warcinfo", &[], b"software: test").unwrap();
        let mut bytes = w.finish().unwrap();
        bytes.extend_from_slice(b"garbage line\r\nmore garbage\r\n\r\n");
        let mut w = WarcWriter::new(bytes, false);
        w.response("https://a.example/", "2024-01-01T00:00:00Z", b"HTTP/1.1 200 OK\r\n\r\nbody")
            .unwrap();
        let bytes = w.finish().unwrap();
        let got: Vec<_> = WarcReader::new(&bytes[..]).collect();
        assert_eq!(got.len(), 3);
        assert!(got[0].is_ok());
        assert!(matches!(got[1], Err(WarcError::BadVersion { number: 2, .. })), "{:?}", got[1]);
        assert_eq!(got[2].as_ref().unwrap().kind(), "response");
    }

    #[test]
    fn a_truncated_archive_says_how_much_is_missing() {
        let mut w = WarcWriter::new(Vec::new(), false);
        w.response("https://a.example/", "2024-01-01T00:00:00Z", b"HTTP/1.1 200 OK\r\n\r\n0123456789")
            .unwrap();
        let bytes = w.finish().unwrap();
        let cut = &bytes[..bytes.len() - 10];
        let got: Vec<_> = WarcReader::new(cut).collect();
        assert!(matches!(got[0], Err(WarcError::Truncated { number: 1, .. })), "{:?}", got[0]);
    }
}
