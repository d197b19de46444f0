//! The input document: a news story with its publication metadata.

use crate::{fnv64, Date};
use serde::{Deserialize, Serialize};

/// A news document. The text is never changed after reading: every
/// annotation is a byte span into it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Document {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// What is wrong with a document line.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the document has no text")]
    EmptyText,
    #[error("`published` is not an ISO date: {0:?}")]
    BadDate(String),
}

impl Document {
    /// Parses one JSON Lines record, derives a missing id from the content
    /// and checks what the coder relies on.
    pub fn from_json_line(line: &str) -> Result<Document, DocumentError> {
        let mut doc: Document = serde_json::from_str(line)?;
        doc.normalise()?;
        Ok(doc)
    }

    /// A plain-text story: the first non-empty line is the title and is kept
    /// as the start of the text so that offsets refer to the file's words.
    pub fn from_plain_text(id: &str, raw: &str) -> Result<Document, DocumentError> {
        let title = raw.lines().find(|l| !l.trim().is_empty()).map(|l| l.trim().to_string());
        let mut doc = Document {
            id: id.to_string(),
            title,
            text: raw.to_string(),
            ..Default::default()
        };
        doc.normalise()?;
        Ok(doc)
    }

    fn normalise(&mut self) -> Result<(), DocumentError> {
        if self.text.trim().is_empty() {
            return Err(DocumentError::EmptyText);
        }
        if let Some(p) = &self.published {
            if p.trim().is_empty() {
                self.published = None;
            } else if Date::parse(p).is_none() {
                return Err(DocumentError::BadDate(p.clone()));
            }
        }
        if self.id.trim().is_empty() {
            self.id = format!("doc-{:016x}", fnv64(self.text.as_bytes()));
        }
        Ok(())
    }

    /// The publication day, when known.
    pub fn published_date(&self) -> Option<Date> {
        self.published.as_deref().and_then(Date::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_without_id_gets_a_stable_one() {
        let a = Document::from_json_line(r#"{"text":"Police arrested two men."}"#).unwrap();
        let b = Document::from_json_line(r#"{"text":"Police arrested two men."}"#).unwrap();
        assert_eq!(a.id, b.id);
        assert!(a.id.starts_with("doc-"));
    }

    #[test]
    fn bad_lines_say_why() {
        assert!(matches!(
            Document::from_json_line(r#"{"text":"  "}"#),
            Err(DocumentError::EmptyText)
        ));
        assert!(matches!(Document::from_json_line("{nope"), Err(DocumentError::Json(_))));
        assert!(matches!(
            Document::from_json_line(r#"{"text":"x","published":"last week"}"#),
            Err(DocumentError::BadDate(_))
        ));
    }
}
