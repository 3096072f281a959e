//! A broad-phase index of axis-aligned bounding boxes: a uniform grid over the first (up to
//! three) axes of the world, each cell listing the items whose bounding box overlaps it. A
//! query with a box returns every item whose bounding box may overlap it (a superset, checked
//! exactly afterwards), sorted and without repeats.

/// An axis-aligned box as `(lo, hi)`.
pub type Aabb = (Vec<f64>, Vec<f64>);

/// The grid (see the module documentation).
#[derive(Debug, Clone)]
pub struct BoxIndex {
    lo: Vec<f64>,
    cell: Vec<f64>,
    cells_per_axis: Vec<usize>,
    buckets: Vec<Vec<u32>>,
    boxes: Vec<Aabb>,
    slack: f64,
}

impl BoxIndex {
    /// Index `boxes` (`(lo, hi)` pairs) inside the world box `[lo, hi]`, with about four grid
    /// cells per item (at most 256 per axis); queries accept items within `slack` of the query
    /// box (a membership tolerance).
    pub fn new(lo: &[f64], hi: &[f64], boxes: Vec<Aabb>, slack: f64) -> Self {
        let k = lo.len().min(3);
        let per_axis = ((4.0 * boxes.len().max(1) as f64)
            .powf(1.0 / k.max(1) as f64)
            .ceil() as usize)
            .clamp(1, 256);
        let cells_per_axis = vec![per_axis; k];
        let cell: Vec<f64> = (0..k)
            .map(|i| ((hi[i] - lo[i]) / per_axis as f64).max(f64::MIN_POSITIVE))
            .collect();
        let total: usize = cells_per_axis.iter().product();
        let mut index = BoxIndex {
            lo: lo[..k].to_vec(),
            cell,
            cells_per_axis,
            buckets: vec![Vec::new(); total],
            boxes,
            slack,
        };
        for id in 0..index.boxes.len() {
            let (blo, bhi) = index.boxes[id].clone();
            for c in index.cells_overlapping(&blo, &bhi) {
                index.buckets[c].push(id as u32);
            }
        }
        index
    }

    /// The number of indexed items.
    pub fn len(&self) -> usize {
        self.boxes.len()
    }

    /// Whether no item is indexed.
    pub fn is_empty(&self) -> bool {
        self.boxes.is_empty()
    }

    /// The bounding box of item `id`.
    pub fn bounding_box(&self, id: usize) -> (&[f64], &[f64]) {
        (&self.boxes[id].0, &self.boxes[id].1)
    }

    /// The cells a coordinate range touches, clamped into the grid (the boundary cells hold
    /// everything beyond the world's bounds, so points on or just outside a face are found).
    fn axis_range(&self, axis: usize, lo: f64, hi: f64) -> Option<(usize, usize)> {
        let n = self.cells_per_axis[axis];
        let a = ((lo - self.lo[axis]) / self.cell[axis]).floor();
        let b = ((hi - self.lo[axis]) / self.cell[axis]).floor();
        if a.is_nan() || b.is_nan() {
            return None;
        }
        let clamp = |v: f64| v.clamp(0.0, (n - 1) as f64) as usize;
        Some((clamp(a), clamp(b)))
    }

    fn cells_overlapping(&self, lo: &[f64], hi: &[f64]) -> Vec<usize> {
        let k = self.cells_per_axis.len();
        let mut ranges = Vec::with_capacity(k);
        for axis in 0..k {
            match self.axis_range(axis, lo[axis], hi[axis]) {
                Some(r) => ranges.push(r),
                None => return Vec::new(),
            }
        }
        let mut out = Vec::new();
        let mut idx: Vec<usize> = ranges.iter().map(|r| r.0).collect();
        loop {
            let mut flat = 0;
            for axis in (0..k).rev() {
                flat = flat * self.cells_per_axis[axis] + idx[axis];
            }
            out.push(flat);
            let mut axis = 0;
            loop {
                if axis == k {
                    return out;
                }
                if idx[axis] < ranges[axis].1 {
                    idx[axis] += 1;
                    break;
                }
                idx[axis] = ranges[axis].0;
                axis += 1;
            }
        }
    }

    /// Items whose bounding box overlaps the box `[lo, hi]` (closed, exact on all axes),
    /// sorted by id.
    pub fn query(&self, lo: &[f64], hi: &[f64]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for c in self.cells_overlapping(lo, hi) {
            for &id in &self.buckets[c] {
                let (blo, bhi) = &self.boxes[id as usize];
                let overlaps = (0..lo.len())
                    .all(|i| blo[i] - self.slack <= hi[i] && lo[i] <= bhi[i] + self.slack);
                if overlaps {
                    out.push(id as usize);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Items whose bounding box overlaps the bounding box of the segment `p → q`.
    pub fn query_segment(&self, p: &[f64], q: &[f64]) -> Vec<usize> {
        let lo: Vec<f64> = p.iter().zip(q).map(|(a, b)| a.min(*b)).collect();
        let hi: Vec<f64> = p.iter().zip(q).map(|(a, b)| a.max(*b)).collect();
        self.query(&lo, &hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_finds_exactly_the_overlapping_boxes() {
        let boxes: Vec<(Vec<f64>, Vec<f64>)> = (0..10)
            .map(|i| {
                let x = i as f64;
                (vec![x, 0.0], vec![x + 0.5, 1.0])
            })
            .collect();
        let idx = BoxIndex::new(&[0.0, 0.0], &[10.0, 1.0], boxes, 0.0);
        assert_eq!(idx.query(&[2.2, 0.2], &[3.1, 0.3]), vec![2, 3]);
        assert_eq!(
            idx.query_segment(&[0.6, 0.5], &[0.9, 0.5]),
            Vec::<usize>::new()
        );
        assert_eq!(idx.query(&[-5.0, -5.0], &[20.0, 20.0]).len(), 10);
        assert!(idx.query(&[20.0, 0.0], &[21.0, 1.0]).is_empty());
        // a point on the world's upper face finds the boxes touching it
        assert_eq!(idx.query(&[10.0, 1.0], &[10.0, 1.0]), Vec::<usize>::new());
        assert_eq!(idx.query(&[9.5, 1.0], &[9.5, 1.0]), vec![9]);
    }
}
