//! A forgiving HTML tree builder: enough of the HTML parsing rules (void
//! elements, raw-text elements, implied end tags, stray end tags) to recover
//! the structure of real news pages, without a browser-grade parser.

use crate::text::decode_entities;

/// One node of the tree: an element or a run of text.
#[derive(Debug, Clone)]
pub enum NodeKind {
    Element { tag: String, attrs: Vec<(String, String)> },
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

/// The parsed page. Node 0 is the document root; a node's index is always
/// greater than its parent's, so a reverse sweep visits children first.
#[derive(Debug, Clone)]
pub struct Dom {
    pub nodes: Vec<Node>,
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen",
];
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "noscript", "xmp", "iframe"];
/// Start tags that close an open `<p>` (HTML's "close a p element" rule).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];
/// Elements that stop the search for an open `<p>` or `<li>` to close.
const SCOPE: &[&str] = &["html", "table", "td", "th", "caption", "button", "object", "template"];

impl Dom {
    pub fn tag(&self, n: usize) -> Option<&str> {
        match &self.nodes[n].kind {
            NodeKind::Element { tag, .. } => Some(tag),
            NodeKind::Text(_) => None,
        }
    }

    pub fn attr(&self, n: usize, name: &str) -> Option<&str> {
        match &self.nodes[n].kind {
            NodeKind::Element { attrs, .. } => attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()),
            NodeKind::Text(_) => None,
        }
    }

    /// All text under a node, whitespace collapsed.
    pub fn text_of(&self, n: usize) -> String {
        let mut s = String::new();
        self.collect_text(n, &mut s);
        crate::text::collapse_whitespace(&s)
    }

    fn collect_text(&self, n: usize, out: &mut String) {
        match &self.nodes[n].kind {
            NodeKind::Text(t) => out.push_str(t),
            NodeKind::Element { tag, .. } => {
                if matches!(tag.as_str(), "script" | "style" | "noscript" | "template") {
                    return;
                }
                for &c in &self.nodes[n].children {
                    self.collect_text(c, out);
                }
                if tag == "br" {
                    out.push(' ');
                }
            }
        }
    }

    /// The elements with a tag, in document order.
    pub fn elements<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = usize> + 'a {
        (0..self.nodes.len()).filter(move |&n| self.tag(n) == Some(tag))
    }

    pub fn ancestors(&self, n: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.nodes[n].parent, move |&p| self.nodes[p].parent)
    }

    fn push(&mut self, parent: usize, kind: NodeKind) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            kind,
            parent: Some(parent),
            children: Vec::new(),
        });
        self.nodes[parent].children.push(id);
        id
    }
}

/// Builds the tree of a page. Never fails: broken markup yields the tree a
/// browser would roughly build.
pub fn parse(html: &str) -> Dom {
    let mut dom = Dom {
        nodes: vec![Node {
            kind: NodeKind::Element {
                tag: "#root".into(),
                attrs: Vec::new(),
            },
            parent: None,
            children: Vec::new(),
        }],
    };
    let mut stack: Vec<usize> = vec![0];
    let b = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        let is_markup = next == b'!' || next == b'?' || next == b'/' || next.is_ascii_alphabetic();
        if !is_markup {
            i += 1;
            continue;
        }
        add_text(&mut dom, &stack, &html[text_start..i]);
        if html[i..].starts_with("<!--") {
            i = html[i + 4..].find("-->").map_or(b.len(), |e| i + 4 + e + 3);
        } else if next == b'!' || next == b'?' {
            i = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
        } else if next == b'/' {
            let (name, end) = read_name(html, i + 2);
            i = html[end..].find('>').map_or(b.len(), |e| end + e + 1);
            if !name.is_empty() {
                close(&dom, &mut stack, &name);
            }
        } else {
            let (name, mut j) = read_name(html, i + 1);
            let (attrs, end, self_closing) = read_attrs(html, &mut j);
            i = end;
            open_implied_closes(&dom, &mut stack, &name);
            let top = *stack.last().unwrap_or(&0);
            let id = dom.push(top, NodeKind::Element { tag: name.clone(), attrs });
            if RAW_TEXT.contains(&name.as_str()) {
                let close_at = find_close_tag(html, i, &name);
                let raw = &html[i..close_at];
                let text = if name == "title" || name == "textarea" {
                    decode_entities(raw)
                } else {
                    raw.to_string()
                };
                if !text.is_empty() {
                    dom.push(id, NodeKind::Text(text));
                }
                i = html[close_at..].find('>').map_or(b.len(), |e| close_at + e + 1);
            } else if !self_closing && !VOID.contains(&name.as_str()) {
                stack.push(id);
            }
        }
        text_start = i;
    }
    add_text(&mut dom, &stack, &html[text_start.min(b.len())..]);
    dom
}

fn add_text(dom: &mut Dom, stack: &[usize], raw: &str) {
    if raw.is_empty() {
        return;
    }
    let top = *stack.last().unwrap_or(&0);
    let text = if raw.trim().is_empty() {
        " ".to_string()
    } else {
        decode_entities(raw)
    };
    dom.push(top, NodeKind::Text(text));
}

fn read_name(html: &str, start: usize) -> (String, usize) {
    let b = html.as_bytes();
    let mut j = start;
    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
        j += 1;
    }
    (html[start..j].to_ascii_lowercase(), j)
}

/// Reads attributes up to the tag's `>`, honouring quotes. Returns the
/// attributes, the index after `>` and whether the tag ended with `/>`.
fn read_attrs(html: &str, j: &mut usize) -> (Vec<(String, String)>, usize, bool) {
    let b = html.as_bytes();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while *j < b.len() && (b[*j].is_ascii_whitespace() || b[*j] == b'/') {
            self_closing = b[*j] == b'/';
            *j += 1;
        }
        if *j >= b.len() {
            return (attrs, b.len(), self_closing);
        }
        if b[*j] == b'>' {
            return (attrs, *j + 1, self_closing);
        }
        self_closing = false;
        let start = *j;
        while *j < b.len() && !b[*j].is_ascii_whitespace() && b[*j] != b'=' && b[*j] != b'>' && b[*j] != b'/' {
            *j += 1;
        }
        let name = html[start..*j].to_ascii_lowercase();
        while *j < b.len() && b[*j].is_ascii_whitespace() {
            *j += 1;
        }
        let mut value = String::new();
        if *j < b.len() && b[*j] == b'=' {
            *j += 1;
            while *j < b.len() && b[*j].is_ascii_whitespace() {
                *j += 1;
            }
            if *j < b.len() && (b[*j] == b'"' || b[*j] == b'\'') {
                let q = b[*j];
                let vs = *j + 1;
                let ve = html[vs..].bytes().position(|c| c == q).map_or(b.len(), |p| vs + p);
                value = decode_entities(&html[vs..ve]);
                *j = (ve + 1).min(b.len());
            } else {
                let vs = *j;
                while *j < b.len() && !b[*j].is_ascii_whitespace() && b[*j] != b'>' {
                    *j += 1;
                }
                value = decode_entities(&html[vs..*j]);
            }
        }
        if !name.is_empty() && !attrs.iter().any(|(k, _)| *k == name) {
            attrs.push((name, value));
        }
    }
}

/// Index of `</name` (ASCII case-insensitive) at or after `from`, or the end.
fn find_close_tag(html: &str, from: usize, name: &str) -> usize {
    let b = html.as_bytes();
    let n = name.as_bytes();
    let mut k = from;
    while let Some(p) = html[k..].find("</") {
        let at = k + p;
        let s = at + 2;
        if b.len() >= s + n.len() && b[s..s + n.len()].eq_ignore_ascii_case(n) {
            let after = b.get(s + n.len()).copied().unwrap_or(b'>');
            if after == b'>' || after.is_ascii_whitespace() || after == b'/' {
                return at;
            }
        }
        k = at + 2;
    }
    b.len()
}

/// Position in the stack of an open element `tag`, searching down from the
/// top and stopping at any of `stop`.
fn open_in_scope(dom: &Dom, stack: &[usize], tag: &str, stop: &[&str]) -> Option<usize> {
    for (pos, &n) in stack.iter().enumerate().rev().take_while(|&(pos, _)| pos > 0) {
        let t = dom.tag(n).unwrap_or("");
        if t == tag {
            return Some(pos);
        }
        if SCOPE.contains(&t) || stop.contains(&t) {
            return None;
        }
    }
    None
}

fn open_implied_closes(dom: &Dom, stack: &mut Vec<usize>, name: &str) {
    if CLOSES_P.contains(&name) {
        if let Some(pos) = open_in_scope(dom, stack, "p", &[]) {
            stack.truncate(pos);
        }
    }
    let (same, stop): (&[&str], &[&str]) = match name {
        "li" => (&["li"], &["ul", "ol", "menu"]),
        "dt" | "dd" => (&["dt", "dd"], &["dl"]),
        "tr" => (&["tr"], &["table", "tbody", "thead", "tfoot"]),
        "td" | "th" => (&["td", "th"], &["tr", "table"]),
        "option" => (&["option"], &["select", "datalist"]),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => (&["h1", "h2", "h3", "h4", "h5", "h6"], &[]),
        _ => return,
    };
    if let Some(&top) = stack.last() {
        if name.starts_with('h') && !same.contains(&dom.tag(top).unwrap_or("")) {
            return; // headings close only a heading left open directly above them
        }
    }
    for t in same {
        if let Some(pos) = open_in_scope(dom, stack, t, stop) {
            stack.truncate(pos);
            return;
        }
    }
}

fn close(dom: &Dom, stack: &mut Vec<usize>, name: &str) {
    if let Some(pos) = stack.iter().rposition(|&n| dom.tag(n) == Some(name)) {
        if pos > 0 {
            stack.truncate(pos);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(dom: &Dom, n: usize, out: &mut String) {
        match &dom.nodes[n].kind {
            NodeKind::Text(t) => out.push_str(t.trim()),
            NodeKind::Element { tag, .. } => {
                out.push_str(&format!("<{tag}>"));
                for &c in &dom.nodes[n].children {
                    outline(dom, c, out);
                }
                out.push_str(&format!("</{tag}>"));
            }
        }
    }

    fn shape(html: &str) -> String {
        let dom = parse(html);
        let mut s = String::new();
        for &c in &dom.nodes[0].children {
            outline(&dom, c, &mut s);
        }
        s
    }

    #[test]
    fn unclosed_paragraphs_and_list_items_close_themselves() {
        assert_eq!(shape("<div><p>one<p>two</div>"), "<div><p>one</p><p>two</p></div>");
        assert_eq!(shape("<ul><li>a<li>b</ul>"), "<ul><li>a</li><li>b</li></ul>");
        assert_eq!(shape("<p>text<div>block</div>"), "<p>text</p><div>block</div>");
    }

    #[test]
    fn scripts_comments_and_void_elements() {
        assert_eq!(shape("<p>a<br>b<img src=x></p>"), "<p>a<br></br>b<img></img></p>");
        assert_eq!(
            shape("<script>if (a<b) { x = '</p>'; }</script><p>ok</p>"),
            "<script>if (a<b) { x = '</p>'; }</script><p>ok</p>"
        );
        assert_eq!(shape("<p>a<!-- <p>hidden</p> -->b</p>"), "<p>ab</p>");
    }

    #[test]
    fn attributes_with_quotes_and_entities() {
        let dom = parse(r#"<a href="/x?a=1&amp;b=2" title='a > b' data-x=plain CLASS="Story">t</a>"#);
        let a = dom.elements("a").next().unwrap();
        assert_eq!(dom.attr(a, "href"), Some("/x?a=1&b=2"));
        assert_eq!(dom.attr(a, "title"), Some("a > b"));
        assert_eq!(dom.attr(a, "data-x"), Some("plain"));
        assert_eq!(dom.attr(a, "class"), Some("Story"));
        assert_eq!(dom.text_of(a), "t");
    }

    #[test]
    fn stray_end_tags_and_a_lone_angle_bracket() {
        assert_eq!(shape("<div>a < b</span></div>"), "<div>a < b</div>");
    }
}
