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

/// 回访: how the citizen rated the handling (服务过程).
pub fn process_satisfaction(p: &district_api::ProcessSatisfaction) -> String {
    use district_api::ProcessSatisfaction as P;
    match p {
        P::Satisfied => "满意",
        P::Basic => "基本满意",
        P::Unsatisfied => "不满意",
        P::Other(s) => return s.clone(),
    }
    .to_owned()
}

/// 回访: whether the citizen's matter was resolved (办理结果).
pub fn callback_result(r: &district_api::CallbackResult) -> String {
    use district_api::CallbackResult as R;
    match r {
        R::Resolved => "已解决",
        R::Unresolved => "未解决",
        R::Other(s) => return s.clone(),
    }
    .to_owned()
}

pub fn channel(c: &district_api::Channel) -> String {
    use district_api::Channel;
    match c {
        Channel::Phone => "电话",
        Channel::Web => "网站",
        Channel::Wechat => "微信",
        Channel::App => "App",
        Channel::Letter => "来信",
        Channel::Other(s) => return s.clone(),
    }
    .to_owned()
}

/// A history entry's action. The contract leaves the vocabulary open: unknown actions
/// are shown as they are.
pub fn history_action(action: &str) -> String {
    match action {
        "dispatch" => "派单",
        "redispatch" => "重新派单",
        "ack" => "签收",
        "reply" => "答复",
        "opinion" => "协办意见",
        "callback" => "回访",
        "redo" => "退回重办",
        "close" => "办结",
        "supervise" => "督办",
        "extension_request" => "申请延期",
        "extension_approve" => "延期已批准",
        "extension_reject" => "延期未批准",
        "coordination_request" => "申请协调",
        "reassignment_request" => "申请改派",
        other => other,
    }
    .to_owned()
}
