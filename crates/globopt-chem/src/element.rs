//! The 118 element symbols, isotope pseudo-elements and Hill order (shared digest 02,
//! "Algorithm" steps 2 and 4).

use serde::{Serialize, Serializer};
use std::fmt;

/// The element symbols in order of atomic number (index + 1 = Z).
pub const SYMBOLS: [&str; 118] = [
    "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl",
    "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As",
    "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In",
    "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb",
    "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl",
    "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk",
    "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh",
    "Fl", "Mc", "Lv", "Ts", "Og",
];

/// A conserved atom kind: an element, or (with isotopes enabled) an isotope-labelled
/// pseudo-element such as D (²H), T (³H) or `[13C]`, conserved separately from its element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Element {
    z: u8,
    mass: Option<u16>,
}

impl Element {
    /// The element with this symbol (one of the 118), if any.
    pub fn from_symbol(symbol: &str) -> Option<Element> {
        SYMBOLS.iter().position(|s| *s == symbol).map(|i| Element {
            // at most 118 symbols, so the index fits a u8
            z: (i + 1) as u8,
            mass: None,
        })
    }

    /// The element whose symbol is exactly these characters, if any (no allocation).
    pub fn from_chars(symbol: &[char]) -> Option<Element> {
        SYMBOLS
            .iter()
            .position(|s| s.len() == symbol.len() && s.chars().zip(symbol).all(|(a, &b)| a == b))
            .map(|i| Element {
                // at most 118 symbols, so the index fits a u8
                z: (i + 1) as u8,
                mass: None,
            })
    }

    /// The isotope `mass` of the element with atomic number `z` (`mass ≥ z`, at most 999).
    pub fn isotope(z: u8, mass: u16) -> Option<Element> {
        (1..=118).contains(&z).then_some(())?;
        (u16::from(z)..=999).contains(&mass).then_some(Element {
            z,
            mass: Some(mass),
        })
    }

    /// Atomic number.
    pub fn atomic_number(self) -> u8 {
        self.z
    }

    /// Mass number of an isotope label, `None` for the natural element.
    pub fn mass_number(self) -> Option<u16> {
        self.mass
    }

    /// The element's own symbol (without isotope label).
    pub fn element_symbol(self) -> &'static str {
        SYMBOLS[usize::from(self.z) - 1]
    }

    /// The symbol as written in formulas: `Fe`, `D`, `T`, `[13C]`.
    pub fn symbol(self) -> String {
        match (self.z, self.mass) {
            (_, None) => self.element_symbol().to_string(),
            (1, Some(2)) => "D".into(),
            (1, Some(3)) => "T".into(),
            (_, Some(m)) => format!("[{m}{}]", self.element_symbol()),
        }
    }

    /// Sort key of Hill order: carbon first and hydrogen second when `has_carbon`, then the
    /// rest alphabetically by symbol (isotope labels right after their element).
    pub fn hill_key(self, has_carbon: bool) -> (u8, &'static str, u16) {
        let rank = match (has_carbon, self.z) {
            (true, 6) => 0,
            (true, 1) => 1,
            _ => 2,
        };
        (rank, self.element_symbol(), self.mass.unwrap_or(0))
    }
}

impl fmt::Display for Element {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.symbol())
    }
}

impl Serialize for Element {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.symbol())
    }
}

/// Elements sorted in Hill order (carbon, hydrogen, then alphabetical when carbon is present;
/// alphabetical otherwise).
pub fn hill_sorted(elements: impl IntoIterator<Item = Element>) -> Vec<Element> {
    let mut v: Vec<Element> = elements.into_iter().collect();
    v.sort_unstable();
    v.dedup();
    let carbon = v.iter().any(|e| e.z == 6 && e.mass.is_none());
    v.sort_by_key(|e| e.hill_key(carbon));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_and_hill_order() {
        assert_eq!(Element::from_symbol("Fe").unwrap().atomic_number(), 26);
        assert_eq!(Element::from_symbol("Og").unwrap().atomic_number(), 118);
        assert!(Element::from_symbol("Xx").is_none());
        let e = |s| Element::from_symbol(s).unwrap();
        let hill: Vec<String> = hill_sorted([e("O"), e("H"), e("C"), e("Na")])
            .iter()
            .map(|x| x.symbol())
            .collect();
        assert_eq!(hill, ["C", "H", "Na", "O"]);
        let hill: Vec<String> = hill_sorted([e("O"), e("H"), e("Na"), e("Cl")])
            .iter()
            .map(|x| x.symbol())
            .collect();
        assert_eq!(hill, ["Cl", "H", "Na", "O"]);
        assert_eq!(Element::isotope(6, 13).unwrap().symbol(), "[13C]");
        assert_eq!(Element::isotope(1, 2).unwrap().symbol(), "D");
        assert!(Element::isotope(6, 3).is_none());
    }
}
