//! The message catalogues (spec §10): both parse, both hold the same ids with the same
//! arguments, and every id the code asks for is there.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
use fluent_syntax::parser;

/// Message id → the variables it uses (`$name`), for one catalogue; fails on a syntax error or
/// a duplicate id.
fn catalogue(name: &str, text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = match parser::parse(text) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{name} does not parse: {errors:?}"),
    };
    let mut ids = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            assert!(
                ids.insert(m.id.name.to_string(), vars).is_none(),
                "{name}: the id {} is defined twice",
                m.id.name
            );
        }
    }
    ids
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn both_catalogues_parse_and_hold_the_same_messages_with_the_same_arguments() {
    let vi = catalogue("i18n/vi/", loa::i18n::VI_FTL);
    let en = catalogue("i18n/en/", loa::i18n::EN_FTL);
    let only_vi: Vec<_> = vi.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !vi.contains_key(*k)).collect();
    assert!(only_vi.is_empty(), "only in i18n/vi/: {only_vi:?}");
    assert!(only_en.is_empty(), "only in i18n/en/: {only_en:?}");
    // A translation may leave an argument out only by saying the same thing without it; one it
    // invents would print as an error. Differences are listed, not allowed.
    let differ: Vec<_> = en
        .iter()
        .filter(|(id, vars)| {
            vi.get(*id)
                .is_some_and(|v| !v.is_superset(vars) && !vars.is_superset(v))
        })
        .map(|(id, vars)| format!("{id}: en {vars:?}, vi {:?}", vi[id]))
        .collect();
    assert!(differ.is_empty(), "arguments differ: {differ:#?}");
    let invented: Vec<_> = vi
        .iter()
        .filter(|(id, vars)| en.get(*id).is_some_and(|e| !e.is_superset(vars)))
        .map(|(id, vars)| format!("{id}: vi uses {vars:?}, en only {:?}", en[id]))
        .collect();
    assert!(
        invented.is_empty(),
        "vi uses arguments en does not pass: {invented:#?}"
    );
}

/// Every `t!("id"` and `message("id"` in `src/` names a message of the catalogue.
#[test]
fn every_message_the_code_asks_for_exists() {
    let en = catalogue("i18n/en/", loa::i18n::EN_FTL);
    let mut missing = Vec::new();
    let mut used = 0;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a source file");
            for marker in ["t!(\"", "message(\""] {
                for (at, _) in text.match_indices(marker) {
                    // `format!(` and `print!(` end in "t!(" too: only a macro named `t`.
                    let before = text[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '!') {
                        continue;
                    }
                    let rest = &text[at + marker.len()..];
                    let id: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                        .collect();
                    if id.is_empty() || id == "no-such-message" || id == "message-id" {
                        continue;
                    }
                    used += 1;
                    if !en.contains_key(&id) {
                        missing.push(format!("{}: {id}", path.display()));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "ids not in the catalogue: {missing:#?}");
    assert!(used > 0, "the scan found no message ids at all");
}
