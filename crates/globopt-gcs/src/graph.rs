//! Graphs of convex sets (shared digest 01, "Graph"): vertices carry a convex set and a
//! variable `x_v` in it (of any dimension); directed edges carry convex costs and constraints
//! on the pair `w = (x_u, x_v)`; vertices may carry costs and constraints on `x_v` too.
//!
//! Every term is validated when it is attached (dimensions, finite numbers), so a `Gcs` is
//! well formed by construction.

use crate::constraint::Constraint;
use crate::cost::Cost;
use crate::error::GcsError;
use crate::sets::ConvexSet;
use serde::Serialize;

/// A vertex: a convex set `X_v`, a name, and the costs and constraints on `x_v` (applied in
/// perspective on every outgoing edge, and on the incoming edges of the target).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Vertex {
    name: String,
    set: ConvexSet,
    costs: Vec<Cost>,
    constraints: Vec<Constraint>,
}

impl Vertex {
    /// The vertex's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Its set `X_v`.
    pub fn set(&self) -> &ConvexSet {
        &self.set
    }
    /// The dimension of `x_v`.
    pub fn dim(&self) -> usize {
        self.set.dim()
    }
    /// Costs on `x_v`.
    pub fn costs(&self) -> &[Cost] {
        &self.costs
    }
    /// Constraints on `x_v`.
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }
}

/// A directed edge `u → v` with costs and constraints on `w = (x_u, x_v)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    from: usize,
    to: usize,
    costs: Vec<Cost>,
    constraints: Vec<Constraint>,
}

impl Edge {
    /// The tail `u`.
    pub fn from(&self) -> usize {
        self.from
    }
    /// The head `v`.
    pub fn to(&self) -> usize {
        self.to
    }
    /// Costs on `(x_u, x_v)`.
    pub fn costs(&self) -> &[Cost] {
        &self.costs
    }
    /// Constraints on `(x_u, x_v)`.
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }
}

/// A graph of convex sets. Vertex and edge ids are their insertion indices.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Gcs {
    vertices: Vec<Vertex>,
    edges: Vec<Edge>,
    #[serde(skip)]
    out_edges: Vec<Vec<usize>>,
    #[serde(skip)]
    in_edges: Vec<Vec<usize>>,
}

impl Gcs {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a vertex with set `set`; returns its id.
    pub fn add_vertex(&mut self, set: ConvexSet, name: impl Into<String>) -> usize {
        self.vertices.push(Vertex {
            name: name.into(),
            set,
            costs: Vec::new(),
            constraints: Vec::new(),
        });
        self.out_edges.push(Vec::new());
        self.in_edges.push(Vec::new());
        self.vertices.len() - 1
    }

    /// Add the edge `from → to`; returns its id. Self-loops are rejected (no shortest path
    /// uses one).
    pub fn add_edge(&mut self, from: usize, to: usize) -> Result<usize, GcsError> {
        self.check_vertex(from, "edge tail")?;
        self.check_vertex(to, "edge head")?;
        if from == to {
            return Err(GcsError::term(
                format!("edge {from} → {to}"),
                "is a self-loop",
            ));
        }
        self.edges.push(Edge {
            from,
            to,
            costs: Vec::new(),
            constraints: Vec::new(),
        });
        let e = self.edges.len() - 1;
        self.out_edges[from].push(e);
        self.in_edges[to].push(e);
        Ok(e)
    }

    /// Attach a cost on `(x_u, x_v)` to edge `e`.
    pub fn add_edge_cost(&mut self, e: usize, cost: Cost) -> Result<(), GcsError> {
        let dim = self.edge_dim(e)?;
        cost.validate(dim)
            .map_err(|err| err.within(&format!("edge {e} cost")))?;
        self.edges[e].costs.push(cost);
        Ok(())
    }

    /// Attach a constraint on `(x_u, x_v)` to edge `e`.
    pub fn add_edge_constraint(&mut self, e: usize, c: Constraint) -> Result<(), GcsError> {
        let dim = self.edge_dim(e)?;
        c.validate(dim)
            .map_err(|err| err.within(&format!("edge {e} constraint")))?;
        self.edges[e].constraints.push(c);
        Ok(())
    }

    /// Attach a cost on `x_v` to vertex `v`.
    pub fn add_vertex_cost(&mut self, v: usize, cost: Cost) -> Result<(), GcsError> {
        self.check_vertex(v, "vertex")?;
        cost.validate(self.vertices[v].dim())
            .map_err(|err| err.within(&format!("vertex {v} cost")))?;
        self.vertices[v].costs.push(cost);
        Ok(())
    }

    /// Attach a constraint on `x_v` to vertex `v`.
    pub fn add_vertex_constraint(&mut self, v: usize, c: Constraint) -> Result<(), GcsError> {
        self.check_vertex(v, "vertex")?;
        c.validate(self.vertices[v].dim())
            .map_err(|err| err.within(&format!("vertex {v} constraint")))?;
        self.vertices[v].constraints.push(c);
        Ok(())
    }

    /// Error unless `v` is a vertex id.
    pub fn check_vertex(&self, v: usize, what: &str) -> Result<(), GcsError> {
        if v >= self.vertices.len() {
            return Err(GcsError::UnknownIndex {
                what: what.into(),
                index: v,
                len: self.vertices.len(),
            });
        }
        Ok(())
    }

    /// Error unless `e` is an edge id.
    pub fn check_edge(&self, e: usize, what: &str) -> Result<(), GcsError> {
        if e >= self.edges.len() {
            return Err(GcsError::UnknownIndex {
                what: what.into(),
                index: e,
                len: self.edges.len(),
            });
        }
        Ok(())
    }

    /// The dimension `d_u + d_v` of an edge's input `w = (x_u, x_v)`.
    pub fn edge_dim(&self, e: usize) -> Result<usize, GcsError> {
        self.check_edge(e, "edge")?;
        let edge = &self.edges[e];
        Ok(self.vertices[edge.from].dim() + self.vertices[edge.to].dim())
    }

    /// All vertices, by id.
    pub fn vertices(&self) -> &[Vertex] {
        &self.vertices
    }
    /// All edges, by id.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }
    /// One vertex (panics on an unknown id, like slice indexing).
    pub fn vertex(&self, v: usize) -> &Vertex {
        &self.vertices[v]
    }
    /// One edge (panics on an unknown id, like slice indexing).
    pub fn edge(&self, e: usize) -> &Edge {
        &self.edges[e]
    }
    /// Number of vertices.
    pub fn num_vertices(&self) -> usize {
        self.vertices.len()
    }
    /// Number of edges.
    pub fn num_edges(&self) -> usize {
        self.edges.len()
    }
    /// Ids of the edges leaving `v`.
    pub fn out_edges(&self, v: usize) -> &[usize] {
        &self.out_edges[v]
    }
    /// Ids of the edges entering `v`.
    pub fn in_edges(&self, v: usize) -> &[usize] {
        &self.in_edges[v]
    }
    /// The first edge `u → v`, if any.
    pub fn find_edge(&self, u: usize, v: usize) -> Option<usize> {
        self.out_edges
            .get(u)?
            .iter()
            .copied()
            .find(|&e| self.edges[e].to == v)
    }

    /// The vertex sequence of a path given by its edges; errors unless consecutive edges
    /// chain head to tail and no vertex repeats (shortest paths are simple).
    pub fn path_vertices(&self, edges: &[usize]) -> Result<Vec<usize>, GcsError> {
        let Some(&first) = edges.first() else {
            return Err(GcsError::param("path", "has no edges"));
        };
        self.check_edge(first, "path edge")?;
        let mut verts = vec![self.edges[first].from];
        let mut seen = vec![false; self.vertices.len()];
        seen[self.edges[first].from] = true;
        for (k, &e) in edges.iter().enumerate() {
            self.check_edge(e, "path edge")?;
            let edge = &self.edges[e];
            if edge.from != *verts.last().unwrap_or(&usize::MAX) {
                return Err(GcsError::param(
                    format!("path edge {k}"),
                    format!("edge {e} does not start where the previous one ended"),
                ));
            }
            if seen[edge.to] {
                return Err(GcsError::param(
                    format!("path edge {k}"),
                    format!("vertex {} is visited twice", edge.to),
                ));
            }
            seen[edge.to] = true;
            verts.push(edge.to);
        }
        Ok(verts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(x: f64) -> ConvexSet {
        ConvexSet::aabox(vec![x], vec![x + 1.0]).unwrap()
    }

    #[test]
    fn edges_and_terms_are_validated() {
        let mut g = Gcs::new();
        let a = g.add_vertex(unit(0.0), "a");
        let b = g.add_vertex(unit(1.0), "b");
        let e = g.add_edge(a, b).unwrap();
        assert!(g.add_edge(a, a).is_err());
        assert!(g.add_edge(a, 7).is_err());
        assert!(g.add_edge_cost(e, Cost::euclidean_distance(1)).is_ok());
        let err = g.add_edge_cost(e, Cost::euclidean_distance(2)).unwrap_err();
        assert!(err.to_string().contains("edge 0 cost"), "{err}");
        assert!(g.add_vertex_cost(b, Cost::constant(1, 2.0)).is_ok());
        assert_eq!(g.out_edges(a), &[e]);
        assert_eq!(g.in_edges(b), &[e]);
        assert_eq!(g.find_edge(a, b), Some(e));
        assert_eq!(g.find_edge(b, a), None);
        assert_eq!(g.path_vertices(&[e]).unwrap(), vec![a, b]);
        assert!(g.path_vertices(&[]).is_err());
    }
}
