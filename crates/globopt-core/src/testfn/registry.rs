//! Test problems by name: `"branin"`, `"hartmann6"`, `"ackley:5"`, `"zdt1:30"`,
//! `"dtlz2:m=3,k=10"` (or `n=` instead of `k=`).

use super::multi::{Dtlz, DtlzKind, Zdt, ZdtKind};
use super::single::{Ackley, Branin, Hartmann, Levy, Rastrigin, Rosenbrock, StyblinskiTang};
use super::{MultiObjective, TestFunction};
use crate::error::CoreError;

/// Single-objective names understood by [`single_objective`]; scalable ones take `:d`
/// (default 2).
pub const SINGLE_OBJECTIVE_NAMES: [&str; 8] = [
    "branin",
    "hartmann3",
    "hartmann6",
    "ackley",
    "rastrigin",
    "rosenbrock",
    "levy",
    "styblinski_tang",
];

/// Multi-objective names understood by [`multi_objective`].
pub const MULTI_OBJECTIVE_NAMES: [&str; 6] = ["zdt1", "zdt2", "zdt3", "dtlz1", "dtlz2", "dtlz7"];

fn split(spec: &str) -> (String, Option<&str>) {
    match spec.split_once(':') {
        Some((n, a)) => (n.trim().to_ascii_lowercase(), Some(a.trim())),
        None => (spec.trim().to_ascii_lowercase(), None),
    }
}

fn parse_usize(name: &str, field: &str, v: &str) -> Result<usize, CoreError> {
    v.trim().parse::<usize>().map_err(|_| {
        CoreError::param(
            format!("{name}.{field}"),
            format!("`{v}` is not a positive integer"),
        )
    })
}

/// A single-objective test function from its spec string (case-insensitive).
///
/// Scalable functions take a dimension after a colon (`"rastrigin:20"`, default 2);
/// Rosenbrock needs at least 2 dimensions.
pub fn single_objective(spec: &str) -> Result<Box<dyn TestFunction>, CoreError> {
    let (name, arg) = split(spec);
    let fixed = |f: Box<dyn TestFunction>| -> Result<Box<dyn TestFunction>, CoreError> {
        match arg {
            Some(a) if parse_usize(&name, "dim", a)? != f.dim() => Err(CoreError::param(
                format!("{name}.dim"),
                format!("{name} has dimension {} only", f.dim()),
            )),
            _ => Ok(f),
        }
    };
    let dim = || -> Result<usize, CoreError> {
        let d = arg.map_or(Ok(2), |a| parse_usize(&name, "dim", a))?;
        if d == 0 {
            return Err(CoreError::param(
                format!("{name}.dim"),
                "must be at least 1",
            ));
        }
        Ok(d)
    };
    match name.as_str() {
        "branin" => fixed(Box::new(Branin)),
        "hartmann3" => fixed(Box::new(
            Hartmann::new(3).expect("3 is a Hartmann dimension"),
        )),
        "hartmann6" | "hartmann" => fixed(Box::new(
            Hartmann::new(6).expect("6 is a Hartmann dimension"),
        )),
        "ackley" => Ok(Box::new(Ackley { dim: dim()? })),
        "rastrigin" => Ok(Box::new(Rastrigin { dim: dim()? })),
        "rosenbrock" => {
            let d = dim()?;
            if d < 2 {
                return Err(CoreError::param("rosenbrock.dim", "must be at least 2"));
            }
            Ok(Box::new(Rosenbrock { dim: d }))
        }
        "levy" => Ok(Box::new(Levy { dim: dim()? })),
        "styblinski_tang" | "styblinskitang" | "styblinski-tang" => {
            Ok(Box::new(StyblinskiTang { dim: dim()? }))
        }
        _ => Err(CoreError::UnknownFunction {
            name: spec.to_string(),
            known: SINGLE_OBJECTIVE_NAMES.join(", "),
        }),
    }
}

/// A multi-objective problem from its spec string: `"zdt1"` (n = 30) or `"zdt1:12"`;
/// `"dtlz2"` (M = 3 with Deb's k), `"dtlz2:m=4"`, `"dtlz2:m=3,k=10"` or `"dtlz2:m=3,n=12"`.
pub fn multi_objective(spec: &str) -> Result<Box<dyn MultiObjective>, CoreError> {
    let (name, arg) = split(spec);
    let zdt = |kind| -> Result<Box<dyn MultiObjective>, CoreError> {
        let n = arg.map_or(Ok(30), |a| parse_usize(&name, "n", a))?;
        Zdt::new(kind, n)
            .map(|z| Box::new(z) as Box<dyn MultiObjective>)
            .ok_or_else(|| CoreError::param(format!("{name}.n"), "needs at least 2 variables"))
    };
    let dtlz = |kind| -> Result<Box<dyn MultiObjective>, CoreError> {
        let (mut m, mut k, mut n) = (3usize, None, None);
        for part in arg
            .unwrap_or("")
            .split(',')
            .filter(|p| !p.trim().is_empty())
        {
            let (key, val) = part.split_once('=').ok_or_else(|| {
                CoreError::param(name.clone(), format!("expected key=value, got `{part}`"))
            })?;
            match key.trim() {
                "m" => m = parse_usize(&name, "m", val)?,
                "k" => k = Some(parse_usize(&name, "k", val)?),
                "n" => n = Some(parse_usize(&name, "n", val)?),
                other => {
                    return Err(CoreError::param(
                        format!("{name}.{other}"),
                        "unknown parameter; use m, k or n",
                    ));
                }
            }
        }
        let k = match (k, n) {
            (Some(k), None) => k,
            (None, Some(n)) if n >= m => n + 1 - m,
            (None, Some(n)) => {
                return Err(CoreError::param(
                    format!("{name}.n"),
                    format!("needs n ≥ m = {m}, got {n}"),
                ));
            }
            (None, None) => Dtlz::default_k(kind),
            (Some(_), Some(_)) => {
                return Err(CoreError::param(name.clone(), "give k or n, not both"));
            }
        };
        Dtlz::new(kind, m, k)
            .map(|d| Box::new(d) as Box<dyn MultiObjective>)
            .ok_or_else(|| CoreError::param(format!("{name}.m"), "needs m ≥ 2 and k ≥ 1"))
    };
    match name.as_str() {
        "zdt1" => zdt(ZdtKind::Zdt1),
        "zdt2" => zdt(ZdtKind::Zdt2),
        "zdt3" => zdt(ZdtKind::Zdt3),
        "dtlz1" => dtlz(DtlzKind::Dtlz1),
        "dtlz2" => dtlz(DtlzKind::Dtlz2),
        "dtlz7" => dtlz(DtlzKind::Dtlz7),
        _ => Err(CoreError::UnknownFunction {
            name: spec.to_string(),
            known: MULTI_OBJECTIVE_NAMES.join(", "),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_parameters() {
        assert_eq!(single_objective("Branin").unwrap().dim(), 2);
        assert_eq!(single_objective("ackley:5").unwrap().dim(), 5);
        assert_eq!(single_objective("hartmann6").unwrap().dim(), 6);
        assert!(single_objective("branin:3").is_err());
        assert!(single_objective("rosenbrock:1").is_err());
        assert!(single_objective("ackley:x").is_err());
        let e = single_objective("sphere").err().unwrap().to_string();
        assert!(e.contains("sphere") && e.contains("branin"));
        let z = multi_objective("zdt1:12").unwrap();
        assert_eq!((z.n_var(), z.n_obj()), (12, 2));
        let d = multi_objective("dtlz2:m=3,k=10").unwrap();
        assert_eq!((d.n_var(), d.n_obj()), (12, 3));
        assert_eq!(multi_objective("dtlz1:m=3,n=7").unwrap().n_var(), 7);
        assert_eq!(multi_objective("dtlz7").unwrap().n_var(), 22);
        assert!(multi_objective("dtlz2:m=3,q=2").is_err());
        assert!(multi_objective("dtlz2:m=1").is_err());
    }
}
