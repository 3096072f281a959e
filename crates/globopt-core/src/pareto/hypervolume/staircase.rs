//! The 2-D staircase every sweep maintains: mutually non-dominated points inside a box with
//! upper corner `corner`, and the area they dominate in it (shared digest 12, step 5, 3-D).

/// Points sorted by `z1` ascending (so `z2` strictly descending), none weakly dominating
/// another, all strictly below `corner` in both coordinates, with the area of
/// `⋃_q [q1, corner1] × [q2, corner2]`.
#[derive(Debug, Clone)]
pub(super) struct Staircase {
    pts: Vec<[f64; 2]>,
    corner: [f64; 2],
    area: f64,
}

impl Staircase {
    /// An empty staircase under `corner`.
    pub(super) fn new(corner: [f64; 2]) -> Self {
        Staircase {
            pts: Vec::new(),
            corner,
            area: 0.0,
        }
    }

    /// Empty the staircase, keeping its storage.
    pub(super) fn clear(&mut self) {
        self.pts.clear();
        self.area = 0.0;
    }

    /// The area dominated by the points so far.
    pub(super) fn area(&self) -> f64 {
        self.area
    }

    /// Insert `u` (strictly below the corner) and return the area it adds: nothing when a
    /// point already weakly dominates it; otherwise the points it dominates are removed and
    /// the added area is `Σ width × (height − u2)` over the steps between `u1` and the first
    /// point that stays.
    #[inline]
    pub(super) fn insert(&mut self, u: [f64; 2]) -> f64 {
        let pts = &mut self.pts;
        // O(1) rejections by the two extreme points, then a binary search
        if let (Some(first), Some(last)) = (pts.first(), pts.last())
            && ((first[0] <= u[0] && first[1] <= u[1]) || (last[0] <= u[0] && last[1] <= u[1]))
        {
            return 0.0;
        }
        let pos = pts.partition_point(|q| q[0] < u[0]);
        if pos > 0 && pts[pos - 1][1] <= u[1] {
            return 0.0;
        }
        if pos < pts.len() && pts[pos][0] == u[0] && pts[pos][1] <= u[1] {
            return 0.0;
        }
        let mut height = if pos > 0 {
            pts[pos - 1][1]
        } else {
            self.corner[1]
        };
        let mut x = u[0];
        let mut end = pos;
        let mut added = 0.0;
        while end < pts.len() && pts[end][1] >= u[1] {
            let q = pts[end];
            added += (q[0] - x) * (height - u[1]);
            x = q[0];
            height = q[1];
            end += 1;
        }
        let right = if end < pts.len() {
            pts[end][0]
        } else {
            self.corner[0]
        };
        added += (right - x) * (height - u[1]);
        if end == pos {
            pts.insert(pos, u);
        } else {
            pts[pos] = u;
            pts.drain(pos + 1..end);
        }
        self.area += added;
        added
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_add_up_and_dominated_points_go() {
        let mut s = Staircase::new([4.0, 4.0]);
        assert_eq!(s.insert([1.0, 3.0]), 3.0);
        assert_eq!(s.insert([3.0, 1.0]), 2.0); // [3,4]×[3,4] was covered already
        assert_eq!(s.insert([3.0, 2.0]), 0.0); // weakly dominated by (3, 1)
        assert_eq!(s.insert([2.0, 2.0]), 1.0);
        assert_eq!(s.area(), 6.0);
        // (0.5, 0.5) dominates all three: adds its box 3.5² less the 6 covered
        assert_eq!(s.insert([0.5, 0.5]), 12.25 - 6.0);
        assert_eq!(s.area(), 12.25);
        assert_eq!(s.pts.len(), 1);
    }
}
