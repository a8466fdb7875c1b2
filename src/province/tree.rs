//! Every node grouped by the segments of its path (province → district → commune → cluster),
//! with counts online and offline per group (spec §14). Pure: the nodes in, the tree out.
//!
//! Offline first, everywhere: a group with offline nodes comes before one without (the most
//! offline first), and inside a group its offline nodes before its online ones — what a
//! province's operator looks for is what is down.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// One node as the province last heard of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    /// Its place: `quang-nam/duy-xuyen/duy-phuoc/cum-01`.
    pub node: String,
    pub online: bool,
    /// When its last status arrived (RFC 3339, the province's clock).
    pub last_seen: String,
    /// Its retained status as it sent it (`playing`, `next`, `output`, `clock_synced`,
    /// `schedule`, `last_error`, `version`, `updated`).
    pub status: Value,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub online: usize,
    pub offline: usize,
}

impl Counts {
    fn add(&mut self, online: bool) {
        if online {
            self.online += 1;
        } else {
            self.offline += 1;
        }
    }
}

/// A group: the nodes under one prefix.
#[derive(Debug, PartialEq, Serialize)]
pub struct Group<'a> {
    /// Its prefix (`quang-nam/duy-xuyen`; empty for the whole province).
    pub path: String,
    /// Its last segment (`duy-xuyen`).
    pub name: String,
    #[serde(flatten)]
    pub counts: Counts,
    /// The groups below it, down to `depth` levels (counted in full below that).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group<'a>>,
    /// Its own nodes (one segment below its path), when within `depth`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<&'a Node>,
}

/// Whether `node` is under `prefix`, segment by segment (`a/b` is under `a`, `ab` is not).
pub fn under(node: &str, prefix: &str) -> bool {
    prefix.is_empty()
        || node == prefix
        || (node.starts_with(prefix) && node.as_bytes().get(prefix.len()) == Some(&b'/'))
}

/// The tree under `prefix`, `depth` levels of groups deep (`usize::MAX`: all of it); the
/// counts of every group shown are always of all the nodes under it.
pub fn tree<'a>(nodes: &'a BTreeMap<String, Node>, prefix: &str, depth: usize) -> Group<'a> {
    let prefix = prefix.trim_end_matches('/');
    let start = if prefix.is_empty() {
        0
    } else {
        prefix.len() + 1
    };
    let mut root = Builder::default();
    // A BTreeMap's range from the prefix on: the nodes under it are contiguous.
    for (path, n) in nodes
        .range(prefix.to_string()..)
        .take_while(|(p, _)| p.starts_with(prefix))
        .filter(|(p, _)| under(p, prefix) && p.len() > prefix.len())
    {
        let rest = &path[start..];
        let segments: Vec<&str> = rest.split('/').collect();
        let mut g = &mut root;
        g.counts.add(n.online);
        for (level, seg) in segments[..segments.len() - 1].iter().enumerate() {
            g = g.groups.entry((*seg).to_string()).or_default();
            g.counts.add(n.online);
            if level >= depth {
                break;
            }
        }
        if segments.len() - 1 <= depth {
            g.nodes.push(n);
        }
    }
    let name = prefix.rsplit('/').next().unwrap_or("").to_string();
    root.finish(prefix.to_string(), name, depth)
}

#[derive(Default)]
struct Builder<'a> {
    counts: Counts,
    groups: BTreeMap<String, Builder<'a>>,
    nodes: Vec<&'a Node>,
}

impl<'a> Builder<'a> {
    fn finish(self, path: String, name: String, depth: usize) -> Group<'a> {
        let mut groups: Vec<Group<'a>> = match depth {
            0 => Vec::new(),
            _ => self
                .groups
                .into_iter()
                .map(|(seg, b)| {
                    let p = if path.is_empty() {
                        seg.clone()
                    } else {
                        format!("{path}/{seg}")
                    };
                    b.finish(p, seg, depth - 1)
                })
                .collect(),
        };
        groups.sort_by(|a, b| {
            b.counts
                .offline
                .cmp(&a.counts.offline)
                .then_with(|| a.path.cmp(&b.path))
        });
        let mut nodes = self.nodes;
        // Offline first, then by place (stable: the map gave them by place).
        nodes.sort_by_key(|n| n.online);
        Group {
            path,
            name,
            counts: self.counts,
            groups,
            nodes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(list: &[(&str, bool)]) -> BTreeMap<String, Node> {
        list.iter()
            .map(|(p, on)| {
                (
                    p.to_string(),
                    Node {
                        node: p.to_string(),
                        online: *on,
                        last_seen: "2026-12-07T08:00:00Z".into(),
                        status: Value::Null,
                    },
                )
            })
            .collect()
    }

    fn names(g: &Group) -> Vec<String> {
        g.nodes.iter().map(|n| n.node.clone()).collect()
    }

    #[test]
    fn groups_count_what_is_under_them_and_put_the_offline_first() {
        let n = nodes(&[
            ("qn/dx/dp/c1", true),
            ("qn/dx/dp/c2", false),
            ("qn/dx/dp/c3", true),
            ("qn/dx/dt/c1", true),
            ("qn/tb/tx/c1", false),
            ("qn/tb/tx/c2", false),
        ]);
        let t = tree(&n, "", usize::MAX);
        assert_eq!(
            t.counts,
            Counts {
                online: 3,
                offline: 3
            }
        );
        let qn = &t.groups[0];
        assert_eq!((qn.path.as_str(), qn.name.as_str()), ("qn", "qn"));
        // Thăng Bình (two offline) before Duy Xuyên (one).
        let districts: Vec<_> = qn.groups.iter().map(|g| g.path.as_str()).collect();
        assert_eq!(districts, ["qn/tb", "qn/dx"]);
        let dx = &qn.groups[1];
        assert_eq!(
            dx.counts,
            Counts {
                online: 3,
                offline: 1
            }
        );
        let dp = &dx.groups[0];
        assert_eq!(dp.path, "qn/dx/dp");
        assert_eq!(names(dp), ["qn/dx/dp/c2", "qn/dx/dp/c1", "qn/dx/dp/c3"]);
    }

    #[test]
    fn a_prefix_is_taken_segment_by_segment() {
        let n = nodes(&[("qn/dx/c1", true), ("qn/dxa/c1", false), ("qn/dx", true)]);
        let t = tree(&n, "qn/dx", usize::MAX);
        assert_eq!(t.name, "dx");
        assert_eq!(names(&t), ["qn/dx/c1"]);
        assert_eq!(
            t.counts,
            Counts {
                online: 1,
                offline: 0
            }
        );
        assert!(under("qn/dx/c1", "qn/dx") && !under("qn/dxa/c1", "qn/dx"));
        assert!(under("qn/dx", "") && under("qn/dx", "qn/dx"));
    }

    #[test]
    fn a_shallow_tree_still_counts_everything_below() {
        let n = nodes(&[("a/b/c/n1", false), ("a/b/c/n2", true), ("a/n3", true)]);
        let t = tree(&n, "a", 1);
        // One level: the group b with its counts, no deeper groups and none of their nodes.
        assert_eq!(names(&t), ["a/n3"]);
        let b = &t.groups[0];
        assert_eq!(
            b.counts,
            Counts {
                online: 1,
                offline: 1
            }
        );
        assert!(b.groups.is_empty() && b.nodes.is_empty());
        let t0 = tree(&n, "a", 0);
        assert!(t0.groups.is_empty());
        assert_eq!(names(&t0), ["a/n3"]);
        assert_eq!(
            t0.counts,
            Counts {
                online: 2,
                offline: 1
            }
        );
    }

    #[test]
    fn ten_thousand_nodes_make_a_tree_with_every_node_once() {
        let mut list = Vec::new();
        for d in 0..10 {
            for c in 0..20 {
                for k in 0..50 {
                    list.push((format!("qn/d{d:02}/c{c:02}/n{k:02}"), (d + c + k) % 7 != 0));
                }
            }
        }
        let n: BTreeMap<String, Node> = list
            .iter()
            .map(|(p, on)| {
                (
                    p.clone(),
                    Node {
                        node: p.clone(),
                        online: *on,
                        last_seen: String::new(),
                        status: Value::Null,
                    },
                )
            })
            .collect();
        let t = tree(&n, "", usize::MAX);
        fn count(g: &Group) -> usize {
            g.nodes.len() + g.groups.iter().map(count).sum::<usize>()
        }
        assert_eq!(count(&t), 10_000);
        assert_eq!(t.counts.online + t.counts.offline, 10_000);
        assert_eq!(t.counts.offline, list.iter().filter(|(_, on)| !on).count());
    }
}
