//! The 16 PLOVER categories with their fixed facts: quad, intensity
//! ("Schrodt score") and the CAMEO root they cross-walk to by default.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

pub const ALL_CATEGORIES: [Category; 16] = [
    Category::Agree,
    Category::Consult,
    Category::Support,
    Category::Concede,
    Category::Cooperate,
    Category::Aid,
    Category::Retreat,
    Category::Request,
    Category::Accuse,
    Category::Reject,
    Category::Threaten,
    Category::Protest,
    Category::Sanction,
    Category::Mobilize,
    Category::Coerce,
    Category::Assault,
];

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::Agree => "AGREE",
            Category::Consult => "CONSULT",
            Category::Support => "SUPPORT",
            Category::Concede => "CONCEDE",
            Category::Cooperate => "COOPERATE",
            Category::Aid => "AID",
            Category::Retreat => "RETREAT",
            Category::Request => "REQUEST",
            Category::Accuse => "ACCUSE",
            Category::Reject => "REJECT",
            Category::Threaten => "THREATEN",
            Category::Protest => "PROTEST",
            Category::Sanction => "SANCTION",
            Category::Mobilize => "MOBILIZE",
            Category::Coerce => "COERCE",
            Category::Assault => "ASSAULT",
        }
    }

    /// PLOVER quad: 1 verbal cooperation, 2 material cooperation,
    /// 3 verbal conflict, 4 material conflict.
    pub fn quad(self) -> u8 {
        use Category::*;
        match self {
            Agree | Consult | Support | Concede => 1,
            Cooperate | Aid | Retreat => 2,
            Request | Accuse | Reject | Sanction | Threaten => 3,
            Protest | Mobilize | Coerce | Assault => 4,
        }
    }

    /// Intensity of the category (SCHEMA.md).
    pub fn intensity(self) -> f64 {
        use Category::*;
        match self {
            Assault => -9.3,
            Coerce => -7.2,
            Protest => -6.6,
            Mobilize => -5.3,
            Sanction => -5.2,
            Threaten => -5.1,
            Request => -5.0,
            Reject => -4.2,
            Accuse => -2.0,
            Consult => 2.1,
            Agree => 4.2,
            Support => 4.6,
            Concede => 5.0,
            Cooperate => 6.8,
            Aid => 7.4,
            Retreat => 7.6,
        }
    }

    /// The CAMEO code used when a trigger names none.
    pub fn default_cameo(self) -> &'static str {
        use Category::*;
        match self {
            Agree => "030",
            Consult => "040",
            Support => "051",
            Concede => "080",
            Cooperate => "060",
            Aid => "070",
            Retreat => "087",
            Request => "020",
            Accuse => "112",
            Reject => "120",
            Threaten => "130",
            Protest => "140",
            Sanction => "160",
            Mobilize => "150",
            Coerce => "170",
            Assault => "190",
        }
    }

    /// Violent or forceful categories whose casualty counts are coded.
    pub fn is_material_conflict(self) -> bool {
        self.quad() == 4
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Category {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let up = s.trim().to_ascii_uppercase();
        ALL_CATEGORIES
            .iter()
            .copied()
            .find(|c| c.name() == up)
            .ok_or_else(|| format!("unknown PLOVER category {s:?}"))
    }
}
