//! Network parameters to and from the `safetensors` format, so that weights move between
//! globopt and PyTorch (`safetensors.torch.save_file(model.state_dict(), path)`).
//!
//! Layer `l`'s weight (`w_{l+1} × w_l`, row-major, as PyTorch's `Linear.weight`) and bias
//! are stored as `layers.{l}.weight` and `layers.{l}.bias`, in `F64` by default so that a
//! round trip is bit for bit; the activations go in the header metadata
//! (`"globopt.activations": "relu,relu,identity"`). On reading, tensors are grouped by name
//! stem (`0.weight`/`0.bias`, `fc1.weight`/`fc1.bias`, ...) and the stems ordered
//! naturally (`2` before `10`), which is the layer order of an `nn.Sequential` of `Linear`
//! layers and of the usual `fc1, fc2, ...` naming.

use crate::activation::Activation;
use crate::error::NnError;
use crate::mlp::Mlp;
use safetensors::tensor::{Dtype, SafeTensors, TensorView};
use std::collections::HashMap;
use std::path::Path;

/// Metadata key holding the comma-separated activation names.
pub const ACTIVATIONS_KEY: &str = "globopt.activations";

/// Element type of the tensors written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TensorDtype {
    /// 64-bit floats: exact round trip (default).
    #[default]
    F64,
    /// 32-bit floats (PyTorch's default), rounded to nearest.
    F32,
}

/// One named tensor with its values widened to `f64` (row-major).
#[derive(Debug, Clone, PartialEq)]
pub struct NamedTensor {
    /// The tensor's name in the file.
    pub name: String,
    /// Its shape.
    pub shape: Vec<usize>,
    /// Its values in row-major order.
    pub values: Vec<f64>,
}

fn st_err(context: &str, e: impl std::fmt::Display) -> NnError {
    NnError::Safetensors(format!("{context}: {e}"))
}

/// Serializes tensors (stored as `dtype`) with optional header metadata.
pub fn write_tensors(
    tensors: &[NamedTensor],
    dtype: TensorDtype,
    metadata: Option<HashMap<String, String>>,
) -> Result<Vec<u8>, NnError> {
    let mut bytes: Vec<(String, Vec<usize>, Vec<u8>)> = Vec::with_capacity(tensors.len());
    let mut seen = std::collections::HashSet::new();
    for t in tensors {
        if !seen.insert(t.name.as_str()) {
            return Err(NnError::Safetensors(format!(
                "tensor name `{}` appears twice",
                t.name
            )));
        }
        let n: usize = t.shape.iter().product();
        if n != t.values.len() {
            return Err(NnError::shape(
                format!("tensor `{}` values", t.name),
                n,
                t.values.len(),
            ));
        }
        let data = match dtype {
            TensorDtype::F64 => t.values.iter().flat_map(|v| v.to_le_bytes()).collect(),
            TensorDtype::F32 => t
                .values
                .iter()
                .flat_map(|&v| (v as f32).to_le_bytes())
                .collect(),
        };
        bytes.push((t.name.clone(), t.shape.clone(), data));
    }
    let st_dtype = match dtype {
        TensorDtype::F64 => Dtype::F64,
        TensorDtype::F32 => Dtype::F32,
    };
    let views = bytes
        .iter()
        .map(|(name, shape, data)| {
            TensorView::new(st_dtype, shape.clone(), data)
                .map(|v| (name.as_str(), v))
                .map_err(|e| st_err(name, e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    safetensors::tensor::serialize(views, metadata).map_err(|e| st_err("serialize", e))
}

/// Every tensor of a safetensors buffer, widened to `f64` (`F64`, `F32`, `F16` and `BF16`
/// are read exactly), in file order, with the header metadata.
pub fn read_tensors(bytes: &[u8]) -> Result<(Vec<NamedTensor>, HashMap<String, String>), NnError> {
    let (_, meta) = SafeTensors::read_metadata(bytes).map_err(|e| st_err("header", e))?;
    let metadata = meta.metadata().clone().unwrap_or_default();
    let st = SafeTensors::deserialize(bytes).map_err(|e| st_err("header", e))?;
    let mut out = Vec::with_capacity(st.len());
    for (name, view) in st.tensors() {
        let data = view.data();
        let values: Vec<f64> = match view.dtype() {
            Dtype::F64 => data
                .chunks_exact(8)
                .map(|c| f64::from_le_bytes(c.try_into().expect("chunk of 8")))
                .collect(),
            Dtype::F32 => data
                .chunks_exact(4)
                .map(|c| f64::from(f32::from_le_bytes(c.try_into().expect("chunk of 4"))))
                .collect(),
            Dtype::BF16 => data
                .chunks_exact(2)
                .map(|c| {
                    f64::from(f32::from_bits(
                        u32::from(u16::from_le_bytes([c[0], c[1]])) << 16,
                    ))
                })
                .collect(),
            Dtype::F16 => data
                .chunks_exact(2)
                .map(|c| f16_to_f64(u16::from_le_bytes([c[0], c[1]])))
                .collect(),
            other => {
                return Err(NnError::Safetensors(format!(
                    "tensor `{name}` has dtype {other:?}; only F64, F32, F16 and BF16 are read"
                )));
            }
        };
        out.push(NamedTensor {
            name,
            shape: view.shape().to_vec(),
            values,
        });
    }
    out.sort_by(|a, b| natural_cmp(&a.name, &b.name));
    Ok((out, metadata))
}

/// IEEE half precision to `f64`, exactly.
fn f16_to_f64(h: u16) -> f64 {
    let sign = if h >> 15 == 1 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let frac = f64::from(h & 0x3ff);
    match exp {
        0 => sign * frac * 2f64.powi(-24),
        31 if frac == 0.0 => sign * f64::INFINITY,
        31 => f64::NAN,
        e => sign * (1.0 + frac / 1024.0) * 2f64.powi(e - 15),
    }
}

/// Compares names with runs of digits taken as numbers (`layers.2` < `layers.10`).
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn split(s: &str) -> Vec<Result<u64, String>> {
        let mut parts = Vec::new();
        let mut cur = String::new();
        let mut digits = false;
        for ch in s.chars() {
            if ch.is_ascii_digit() != digits && !cur.is_empty() {
                parts.push(if digits {
                    cur.parse().map_err(|_| cur.clone())
                } else {
                    Err(cur.clone())
                });
                cur.clear();
            }
            digits = ch.is_ascii_digit();
            cur.push(ch);
        }
        if !cur.is_empty() {
            parts.push(if digits {
                cur.parse().map_err(|_| cur.clone())
            } else {
                Err(cur)
            });
        }
        parts
    }
    split(a).cmp(&split(b))
}

/// The network's parameters as safetensors bytes (module docs for names and metadata).
pub fn to_safetensors(mlp: &Mlp, theta: &[f64], dtype: TensorDtype) -> Result<Vec<u8>, NnError> {
    mlp.check_len(theta, "params")?;
    let mut tensors = Vec::with_capacity(2 * mlp.num_layers());
    for l in 0..mlp.num_layers() {
        let w = mlp.widths();
        tensors.push(NamedTensor {
            name: format!("layers.{l}.weight"),
            shape: vec![w[l + 1], w[l]],
            values: theta[mlp.weight_range(l)].to_vec(),
        });
        tensors.push(NamedTensor {
            name: format!("layers.{l}.bias"),
            shape: vec![w[l + 1]],
            values: theta[mlp.bias_range(l)].to_vec(),
        });
    }
    let names: Vec<&str> = mlp.activations().iter().map(|a| a.name()).collect();
    let metadata = HashMap::from([(ACTIVATIONS_KEY.to_string(), names.join(","))]);
    write_tensors(&tensors, dtype, Some(metadata))
}

/// A network and its parameters from safetensors bytes. The widths come from the tensor
/// shapes; the activations from `activations` when given (one per layer), else from the
/// file's `globopt.activations` metadata (files written by PyTorch have none: pass them).
pub fn from_safetensors(
    bytes: &[u8],
    activations: Option<&[Activation]>,
) -> Result<(Mlp, Vec<f64>), NnError> {
    let (tensors, metadata) = read_tensors(bytes)?;
    // Group by stem, keeping the natural order of the (sorted) names.
    let mut stems: Vec<(String, Option<&NamedTensor>, Option<&NamedTensor>)> = Vec::new();
    for t in &tensors {
        let (stem, is_weight) = if let Some(s) = t.name.strip_suffix(".weight") {
            (s, true)
        } else if let Some(s) = t.name.strip_suffix(".bias") {
            (s, false)
        } else {
            return Err(NnError::Safetensors(format!(
                "tensor `{}` is neither a `.weight` nor a `.bias`",
                t.name
            )));
        };
        let pos = match stems.iter().position(|(s, _, _)| s == stem) {
            Some(p) => p,
            None => {
                stems.push((stem.to_string(), None, None));
                stems.len() - 1
            }
        };
        let slot = if is_weight {
            &mut stems[pos].1
        } else {
            &mut stems[pos].2
        };
        *slot = Some(t);
    }
    stems.sort_by(|a, b| natural_cmp(&a.0, &b.0));
    if stems.is_empty() {
        return Err(NnError::Safetensors("no tensors".into()));
    }
    let mut widths = Vec::with_capacity(stems.len() + 1);
    let mut theta = Vec::new();
    for (stem, w, b) in &stems {
        let w = w.ok_or_else(|| {
            NnError::Safetensors(format!("layer `{stem}` has no `{stem}.weight`"))
        })?;
        let b =
            b.ok_or_else(|| NnError::Safetensors(format!("layer `{stem}` has no `{stem}.bias`")))?;
        let [rows, cols] = w.shape[..] else {
            return Err(NnError::Safetensors(format!(
                "`{}` has shape {:?}, expected 2-D",
                w.name, w.shape
            )));
        };
        if b.shape != [rows] {
            return Err(NnError::Safetensors(format!(
                "`{}` has shape {:?}, expected [{rows}]",
                b.name, b.shape
            )));
        }
        match widths.last() {
            None => widths.push(cols),
            Some(&prev) if prev != cols => {
                return Err(NnError::Safetensors(format!(
                    "`{}` takes {cols} inputs but the previous layer gives {prev}",
                    w.name
                )));
            }
            Some(_) => {}
        }
        widths.push(rows);
        theta.extend_from_slice(&w.values);
        theta.extend_from_slice(&b.values);
    }
    let acts: Vec<Activation> = match activations {
        Some(a) => a.to_vec(),
        None => {
            let names = metadata.get(ACTIVATIONS_KEY).ok_or_else(|| {
                NnError::param(
                    "activations",
                    format!("the file has no `{ACTIVATIONS_KEY}` metadata; pass the activations"),
                )
            })?;
            names
                .split(',')
                .map(|n| {
                    Activation::from_name(n.trim()).ok_or_else(|| {
                        NnError::Safetensors(format!("unknown activation `{n}` in metadata"))
                    })
                })
                .collect::<Result<_, _>>()?
        }
    };
    let mlp = Mlp::new(&widths, &acts)?;
    Ok((mlp, theta))
}

/// [`to_safetensors`] written to the file `path`.
pub fn save_safetensors(
    path: &Path,
    mlp: &Mlp,
    theta: &[f64],
    dtype: TensorDtype,
) -> Result<(), NnError> {
    let bytes = to_safetensors(mlp, theta, dtype)?;
    std::fs::write(path, bytes).map_err(|source| NnError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// [`from_safetensors`] read from the file `path`.
pub fn load_safetensors(
    path: &Path,
    activations: Option<&[Activation]>,
) -> Result<(Mlp, Vec<f64>), NnError> {
    let bytes = std::fs::read(path).map_err(|source| NnError::Io {
        path: path.display().to_string(),
        source,
    })?;
    from_safetensors(&bytes, activations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_and_half_floats() {
        let mut v = vec![
            "layers.10.weight",
            "layers.2.weight",
            "fc1.bias",
            "layers.2.bias",
        ];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            [
                "fc1.bias",
                "layers.2.bias",
                "layers.2.weight",
                "layers.10.weight"
            ]
        );
        assert_eq!(f16_to_f64(0x3c00), 1.0);
        assert_eq!(f16_to_f64(0xc000), -2.0);
        assert_eq!(f16_to_f64(0x0001), 2f64.powi(-24));
        assert_eq!(f16_to_f64(0x7bff), 65504.0);
    }
}
