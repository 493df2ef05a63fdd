//! Who exists in the simulated district: the demo unit, its two liaison officers, and
//! the other units that appear on tickets as lead or co-handling units.

use district_api::{Officer, OfficerRole, UnitRef};

/// The demo handling unit's id: 北园街道办事处 (天桥区, 济南).
pub const DEMO_UNIT_ID: &str = "tq-beiyuan";
/// The demo unit's name.
pub const DEMO_UNIT_NAME: &str = "北园街道办事处";
/// Username and password of officer A (A角, 张敏).
pub const DEMO_OFFICER_A: (&str, &str) = ("demo-a", "demo");
/// Username and password of officer B (B角, 王磊).
pub const DEMO_OFFICER_B: (&str, &str) = ("demo-b", "demo");

/// The district hotline office, the actor of dispatches, callbacks and redos.
pub(crate) const HOTLINE_OFFICE: &str = "区热线办";

/// A login account of the simulator.
pub(crate) struct Account {
    pub username: &'static str,
    pub password: &'static str,
    pub id: &'static str,
    pub name: &'static str,
    pub role: OfficerRole,
    pub phone: &'static str,
}

pub(crate) static ACCOUNTS: [Account; 2] = [
    Account {
        username: DEMO_OFFICER_A.0,
        password: DEMO_OFFICER_A.1,
        id: "off-a",
        name: "张敏",
        role: OfficerRole::A,
        phone: "13905318801",
    },
    Account {
        username: DEMO_OFFICER_B.0,
        password: DEMO_OFFICER_B.1,
        id: "off-b",
        name: "王磊",
        role: OfficerRole::B,
        phone: "13705318802",
    },
];

impl Account {
    /// The account as the contract's `Officer`.
    pub fn officer(&self) -> Officer {
        Officer {
            id: self.id.to_owned(),
            name: self.name.to_owned(),
            unit_id: DEMO_UNIT_ID.to_owned(),
            unit_name: DEMO_UNIT_NAME.to_owned(),
            role: self.role.clone(),
            phone: self.phone.to_owned(),
        }
    }
}

/// The account with this officer id.
pub(crate) fn account_by_id(id: &str) -> Option<&'static Account> {
    ACCOUNTS.iter().find(|a| a.id == id)
}

/// The account with this username.
pub(crate) fn account_by_username(username: &str) -> Option<&'static Account> {
    ACCOUNTS.iter().find(|a| a.username == username)
}

/// The demo unit as a `UnitRef`.
pub(crate) fn demo_unit() -> UnitRef {
    UnitRef {
        id: DEMO_UNIT_ID.to_owned(),
        name: DEMO_UNIT_NAME.to_owned(),
    }
}

/// District departments (区直部门) that lead tickets by function (职能).
/// Indexed by `Dept`.
pub(crate) const DEPARTMENTS: [(&str, &str); 11] = [
    ("tq-cgj", "天桥区城市管理局"),
    ("tq-zjj", "天桥区住房和城乡建设局"),
    ("tq-scjgj", "天桥区市场监督管理局"),
    ("tq-sthj", "济南市生态环境局天桥分局"),
    ("tq-swj", "天桥区水务局"),
    ("tq-rsj", "天桥区人力资源和社会保障局"),
    ("tq-mzj", "天桥区民政局"),
    ("tq-jtj", "天桥区教育和体育局"),
    ("tq-ybj", "天桥区医疗保障局"),
    ("tq-jtysj", "天桥区交通运输局"),
    ("tq-yjj", "天桥区应急管理局"),
];

/// Neighbouring street offices (街道办事处) of 天桥区, co-handlers by territory.
pub(crate) const STREET_OFFICES: [(&str, &str); 8] = [
    ("tq-wuyingshan", "无影山街道办事处"),
    ("tq-dikoulu", "堤口路街道办事处"),
    ("tq-yaoshan", "药山街道办事处"),
    ("tq-luokou", "泺口街道办事处"),
    ("tq-gongrenbeicun", "工人新村北村街道办事处"),
    ("tq-gongrennancun", "工人新村南村街道办事处"),
    ("tq-beitan", "北坦街道办事处"),
    ("tq-zhijinshi", "制锦市街道办事处"),
];

pub(crate) fn unit_ref((id, name): (&str, &str)) -> UnitRef {
    UnitRef {
        id: id.to_owned(),
        name: name.to_owned(),
    }
}

/// The name of a unit of the simulated district (the demo unit, a department or a
/// street office).
pub(crate) fn unit_name(id: &str) -> Option<&'static str> {
    if id == DEMO_UNIT_ID {
        return Some(DEMO_UNIT_NAME);
    }
    DEPARTMENTS
        .iter()
        .chain(STREET_OFFICES.iter())
        .find(|(uid, _)| *uid == id)
        .map(|(_, name)| *name)
}
