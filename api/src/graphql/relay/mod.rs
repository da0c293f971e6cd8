//! Relay conventions: opaque global ids, the `Node` interface, and cursor connections
//! built by one helper.

mod connection;
mod global_id;
mod node;

pub use connection::{Conn, PageArgs, TotalCount, paginate};
pub use global_id::{GlobalId, NodeKind};
pub use node::{Node, NodeQuery};
