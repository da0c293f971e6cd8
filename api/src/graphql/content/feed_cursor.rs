//! How far a status feed has read. History ids are UUIDv7, taken when a change is written
//! but visible only once its transaction commits, so on a busy PostgreSQL a change can
//! appear after a newer one was already read. The feed therefore keeps reading a window
//! behind the newest id it delivered and skips the ids it has already sent.

use std::collections::BTreeSet;
use uuid::Uuid;

/// How late a commit may become visible and still be delivered.
const WINDOW_MS: u64 = 30_000;

pub struct FeedCursor {
    /// Ids at or below this are never read again.
    floor: Uuid,
    /// Delivered ids above the floor.
    sent: BTreeSet<Uuid>,
}

impl FeedCursor {
    /// A feed of what happens from now on.
    pub fn starting_now() -> Self {
        Self { floor: Uuid::now_v7(), sent: BTreeSet::new() }
    }

    pub fn floor(&self) -> Uuid {
        self.floor
    }

    pub fn sent(&self) -> Vec<Uuid> {
        self.sent.iter().copied().collect()
    }

    /// Records ids as delivered and moves the window up behind the newest.
    pub fn delivered(&mut self, ids: impl IntoIterator<Item = Uuid>) {
        self.sent.extend(ids);
        let Some(newest) = self.sent.last() else { return };
        let floor = lowest_v7_at(millis(newest).saturating_sub(WINDOW_MS));
        if floor > self.floor {
            self.floor = floor;
            self.sent = self.sent.split_off(&floor);
        }
    }
}

fn millis(id: &Uuid) -> u64 {
    let b = id.as_bytes();
    u64::from_be_bytes([0, 0, b[0], b[1], b[2], b[3], b[4], b[5]])
}

/// The smallest version-7 id of a millisecond.
fn lowest_v7_at(ms: u64) -> Uuid {
    let t = ms.to_be_bytes();
    Uuid::from_bytes([t[2], t[3], t[4], t[5], t[6], t[7], 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, 0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::{NoContext, Timestamp};

    fn at(ms: u64) -> Uuid {
        Uuid::new_v7(Timestamp::from_unix(NoContext, ms / 1000, (ms % 1000) as u32 * 1_000_000))
    }

    #[test]
    fn a_late_commit_inside_the_window_is_still_read_and_nothing_is_sent_twice() {
        let mut cursor = FeedCursor { floor: lowest_v7_at(1_000_000), sent: BTreeSet::new() };
        let early = at(1_000_100);
        let newer = at(1_000_200);
        cursor.delivered([newer]);
        // `early` committed after `newer` was read: still above the floor, not yet sent.
        assert!(early > cursor.floor() && !cursor.sent().contains(&early));
        cursor.delivered([early]);
        assert_eq!(cursor.sent(), vec![early, newer]);

        // Once the newest is far ahead, what is behind the window is dropped.
        let later = at(1_000_200 + WINDOW_MS + 1);
        cursor.delivered([later]);
        assert!(cursor.floor() > newer);
        assert_eq!(cursor.sent(), vec![later]);
        assert_eq!(millis(&later), 1_000_200 + WINDOW_MS + 1);
    }
}
