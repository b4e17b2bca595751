//! Reading CSV as spreadsheets in Indonesia write it: UTF-8 (a BOM is skipped), a header row
//! with the field names, comma- or semicolon-separated (whichever the header uses), fields
//! optionally quoted with `"` (a doubled quote inside is one quote).

use crate::error::{ApiError, FieldError};

/// One data record: its line in the file and its fields by header name (empty cells left out).
pub struct Record {
    pub line: usize,
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// The data records, or 422 naming the line and column that cannot be read.
pub fn records(bytes: &[u8]) -> Result<(Vec<String>, Vec<Record>), ApiError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        invalid(
            "/",
            "not_utf8",
            format!("the CSV is not UTF-8 (byte {})", e.valid_up_to()),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let separator = if first_line.matches(';').count() > first_line.matches(',').count() {
        ';'
    } else {
        ','
    };
    let rows = split(text, separator)?;
    let mut rows = rows.into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(invalid("/", "empty", "the CSV has no header row".into()));
    };
    let header: Vec<String> = header
        .into_iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if let Some((i, name)) = header
        .iter()
        .enumerate()
        .find(|(i, h)| !h.is_empty() && header[..*i].contains(h))
    {
        return Err(invalid(
            "/",
            "duplicate_column",
            format!("line 1, column {}: {name} is named twice", i + 1),
        ));
    }
    let mut records = Vec::new();
    for (line, cells) in rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let used = cells
            .iter()
            .rposition(|c| !c.trim().is_empty())
            .map_or(0, |p| p + 1);
        if used > header.len() {
            return Err(invalid(
                &format!("/rows/{}", records.len()),
                "extra_columns",
                format!(
                    "line {line}: {used} columns, the header has {}",
                    header.len()
                ),
            ));
        }
        let fields = header
            .iter()
            .zip(cells)
            .filter(|(_, cell)| !cell.trim().is_empty())
            .map(|(name, cell)| {
                (
                    name.clone(),
                    serde_json::Value::String(cell.trim().to_owned()),
                )
            })
            .collect();
        records.push(Record { line, fields });
    }
    Ok((header, records))
}

fn invalid(pointer: &str, code: &str, message: String) -> ApiError {
    ApiError::validation(vec![FieldError::at(pointer, code, message)])
}

/// Splits into rows of cells, each row with the line it starts on.
fn split(text: &str, separator: char) -> Result<Vec<(usize, Vec<String>)>, ApiError> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let (mut line, mut row_line) = (1, 1);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                cell.push(c);
            }
            (false, '"') if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            (false, c) if c == separator => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push((row_line, std::mem::take(&mut row)));
                line += 1;
                row_line = line;
            }
            (false, c) => cell.push(c),
        }
    }
    if quoted {
        return Err(invalid(
            "/",
            "unclosed_quote",
            format!("line {row_line}: a quoted field is never closed"),
        ));
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push((row_line, row));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_quotes_and_empty_cells() {
        let csv = "\u{feff}code;name;parent_code\r\nA;\"Dinas; Sosial\";\r\n\r\nB;\"Seksi \"\"Kesos\"\"\";A\n";
        let (header, records) = records(csv.as_bytes()).expect("readable");
        assert_eq!(header, ["code", "name", "parent_code"]);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].line, 2);
        assert_eq!(records[0].fields["name"], "Dinas; Sosial");
        assert!(!records[0].fields.contains_key("parent_code"));
        assert_eq!(records[1].line, 4);
        assert_eq!(records[1].fields["name"], "Seksi \"Kesos\"");
    }

    #[test]
    fn commas_by_default_and_errors_name_the_line() {
        let (_, records) = records(b"code,name\nA,Dinas").expect("readable");
        assert_eq!(records[0].fields["name"], "Dinas");
        let error = super::records(b"code,name\nA,\"Dinas")
            .err()
            .expect("refused");
        assert_eq!(error.field_errors()[0].code, "unclosed_quote");
        let error = super::records(b"code,name\nA,B,C").err().expect("refused");
        assert!(error.field_errors()[0].message.starts_with("line 2"));
    }
}
