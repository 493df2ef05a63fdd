//! Chinese labels for the contract's codes. Unknown codes are shown as they are.

use district_api::{
    Category, ExtensionStatus, OurRole, SupervisionLevel, TicketStatus, Urgency as TicketUrgency,
};

pub fn category(c: &Category) -> String {
    match c {
        Category::Complaint => "投诉",
        Category::Help => "求助",
        Category::Inquiry => "咨询",
        Category::Suggestion => "建议",
        Category::Report => "举报",
        Category::Praise => "表扬",
        Category::Other(s) => return s.clone(),
    }
    .to_owned()
}

pub fn status(s: &TicketStatus) -> String {
    match s {
        TicketStatus::PendingAck => "待签收",
        TicketStatus::InProgress => "办理中",
        TicketStatus::Replied => "已答复待回访",
        TicketStatus::Redo => "重办",
        TicketStatus::Closed => "已办结",
        TicketStatus::Other(s) => return s.clone(),
    }
    .to_owned()
}

pub fn urgency(u: &TicketUrgency) -> String {
    match u {
        TicketUrgency::Urgent => "紧急",
        TicketUrgency::Normal => "一般",
        TicketUrgency::Other(s) => return s.clone(),
    }
    .to_owned()
}

pub fn supervision(l: &SupervisionLevel) -> String {
    match l {
        SupervisionLevel::Reminder => "催办",
        SupervisionLevel::Yellow => "黄牌督办",
        SupervisionLevel::Red => "红牌督办",
        SupervisionLevel::Other(s) => return s.clone(),
    }
    .to_owned()
}

pub fn role(r: &OurRole) -> String {
    match r {
        OurRole::Lead => "牵头",
        OurRole::CoHandler => "协办",
        OurRole::Other(s) => return s.clone(),
    }
    .to_owned()
}

pub fn extension(e: &ExtensionStatus) -> String {
    match e {
        ExtensionStatus::Pending => "延期审核中",
        ExtensionStatus::Approved => "延期已批准",
        ExtensionStatus::Rejected => "延期未批准",
        ExtensionStatus::Other(s) => return s.clone(),
    }
    .to_owned()
}
