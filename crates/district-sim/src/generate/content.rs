//! Static content of generated tickets: matter templates in the citizen's voice and the
//! places of 天桥区 they happen at. Placeholders in titles and bodies: `{place}` (a
//! community or spot), `{road}`, `{road2}` (another road), `{bldg}` (a building number),
//! `{days}` (a small number of days).

/// Ticket category, as a `Copy` value for the static tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cat {
    Complaint,
    Help,
    Inquiry,
    Suggestion,
    Report,
    Praise,
}

/// Category weights (out of 100).
pub(crate) const CATEGORY_WEIGHTS: [(Cat, u32); 6] = [
    (Cat::Complaint, 34),
    (Cat::Help, 20),
    (Cat::Inquiry, 14),
    (Cat::Suggestion, 10),
    (Cat::Report, 14),
    (Cat::Praise, 8),
];

/// Department indices into `directory::DEPARTMENTS`.
pub(crate) mod dept {
    pub const CGJ: usize = 0;
    pub const ZJJ: usize = 1;
    pub const SCJGJ: usize = 2;
    pub const STHJ: usize = 3;
    pub const SWJ: usize = 4;
    pub const RSJ: usize = 5;
    pub const MZJ: usize = 6;
    pub const JTJ: usize = 7;
    pub const YBJ: usize = 8;
    pub const JTYSJ: usize = 9;
    pub const YJJ: usize = 10;
}

/// One kind of matter (事项) citizens call about.
pub(crate) struct Matter {
    pub cat: Cat,
    /// 事项分类 path.
    pub path: &'static str,
    /// The functional department (lead unit when the demo unit only co-handles).
    pub dept: Option<usize>,
    /// Months of the year the matter occurs in (empty: all year).
    pub months: &'static [u32],
    pub titles: &'static [&'static str],
    pub bodies: &'static [&'static str],
}

const HEATING_SEASON: &[u32] = &[11, 12, 1, 2, 3];

#[rustfmt::skip]
pub(crate) const MATTERS: &[Matter] = &[
    // ---- 投诉 complaint ----
    Matter { cat: Cat::Complaint, path: "城市管理/市政设施/路灯", dept: Some(dept::CGJ), months: &[],
        titles: &["{place}路灯不亮", "{road}一段路灯损坏多日无人修"],
        bodies: &[
            "我是{place}的居民，小区门口这段路的路灯已经{days}天不亮了。晚上下班回来一片漆黑，老人孩子出门很不安全，前两天还有人在这儿摔了一跤。之前给物业说过，物业说不归他们管。希望有关部门尽快派人来修。",
            "{road}靠近{place}的几盏路灯一到晚上就一闪一闪的，有时候干脆全灭。这条路晚上电动车多，看不清很容易出事。麻烦尽快安排维修。",
        ] },
    Matter { cat: Cat::Complaint, path: "生态环境/噪声污染/建筑施工噪声", dept: Some(dept::STHJ), months: &[],
        titles: &["{place}附近工地夜间施工扰民", "工地半夜施工噪音大"],
        bodies: &[
            "{place}旁边的工地最近{days}天天天晚上施工到凌晨一两点，打桩机和渣土车的声音特别大，全家人都睡不好觉，孩子第二天还要上学。请问他们有没有夜间施工许可？希望相关部门管一管。",
            "家住{place}，对面工地晚上十一点以后还在浇筑混凝土，搅拌车排着队一直响。打过工地的电话，对方说是赶工期。家里老人有心脏病，实在受不了，请尽快处理。",
        ] },
    Matter { cat: Cat::Complaint, path: "城市管理/市容秩序/占道经营", dept: Some(dept::CGJ), months: &[],
        titles: &["{road}流动摊贩占道经营", "{place}门口早市占道影响通行"],
        bodies: &[
            "{road}靠近{place}这一段，每天傍晚都有十几个流动摊贩把摊子摆到机动车道上，卖水果的、烤串的都有，车过不去，行人只能走到马路中间。垃圾也随手扔，早上一地狼藉。希望城管加强管理。",
            "{place}门口每天早上五点多就开始摆早市，一直占到九点多，小区的车出不去，上班经常迟到。跟摊贩说了他们也不听，请相关部门规范一下。",
        ] },
    Matter { cat: Cat::Complaint, path: "城市管理/市容秩序/餐饮油烟", dept: Some(dept::CGJ), months: &[],
        titles: &["{place}楼下饭店油烟扰民", "{road}烧烤店油烟直排"],
        bodies: &[
            "我住在{place}{bldg}号楼二楼，楼下新开了一家饭店，油烟管道直接对着我家窗户排，也没装净化设备。现在窗户都不敢开，晾的衣服全是油烟味。希望有关部门查一查他们的手续。",
            "{road}上的一家烧烤店每天晚上在门口露天烧烤，烟特别大，一直烤到后半夜，周围几栋楼的居民都受影响。请尽快处理。",
        ] },
    Matter { cat: Cat::Complaint, path: "住房建设/物业管理/物业服务", dept: Some(dept::ZJJ), months: &[],
        titles: &["{place}物业不作为", "物业只收费不服务"],
        bodies: &[
            "{place}的物业费每年照收，但是楼道灯坏了{days}天没人修，单元门禁也坏了，外来人员随便进出。找物业经理好几次，每次都说报上去了，就是没人来。希望主管部门督促物业履行职责。",
            "我们{place}的垃圾桶满了没人清，绿化带里全是杂草，电梯三天两头停。物业人员上班时间经常找不到人。请相关部门管一管这家物业公司。",
        ] },
    Matter { cat: Cat::Complaint, path: "城市管理/环境卫生/垃圾清运", dept: Some(dept::CGJ), months: &[],
        titles: &["{place}垃圾清运不及时", "{road}垃圾桶满溢无人清理"],
        bodies: &[
            "{place}北门的垃圾点已经{days}天没有清运了，垃圾堆得比桶还高，天一热味道特别大，还招苍蝇老鼠。附近有幼儿园，孩子每天从这儿过。请环卫部门尽快清运，以后按时清理。",
            "{road}路边的几个垃圾桶天天满溢，周末更严重，风一吹垃圾到处飞。希望增加清运次数。",
        ] },
    Matter { cat: Cat::Complaint, path: "城市管理/市容秩序/共享单车", dept: Some(dept::CGJ), months: &[],
        titles: &["{road}共享单车乱停乱放", "{place}门口共享单车堵路"],
        bodies: &[
            "{road}和{road2}路口的人行道上停满了共享单车，有的倒在地上，盲道全被占了。推婴儿车根本过不去，只能走机动车道。请督促运营企业及时清理。",
            "{place}门口每天早高峰堆着几百辆共享单车，小区车辆进出困难，消防通道也被堵了。希望划定停放区域并安排专人管理。",
        ] },
    Matter { cat: Cat::Complaint, path: "住房建设/城市供热/供热温度不达标", dept: Some(dept::ZJJ), months: HEATING_SEASON,
        titles: &["{place}供暖温度不达标", "暖气不热，室温只有十几度"],
        bodies: &[
            "我家住{place}{bldg}号楼，今年供暖以来暖气一直不热，屋里只有十四五度，家里有老人和刚出生的孩子，穿着棉袄还冷。给热力公司打了电话，说会派人来看，到现在也没人来。请尽快解决。",
            "{place}整个单元的暖气都是上面热下面凉，放过水也没用。暖气费一分没少交，温度就是上不去，希望供热单位上门检修。",
        ] },
    Matter { cat: Cat::Complaint, path: "生态环境/噪声污染/社会生活噪声", dept: Some(dept::STHJ), months: &[],
        titles: &["{place}广场舞音响声音太大", "早晨锻炼音响扰民"],
        bodies: &[
            "{place}旁边的小广场每天晚上七点到九点半跳广场舞，音响开得特别大，关着窗户都能听见。家里孩子要写作业，根本静不下心来。不是不让跳，希望能把音量调小、时间缩短。",
            "每天早上六点不到，{place}楼下就有人放音响锻炼，周末也不例外。上夜班的人白天根本睡不好。请社区协调一下。",
        ] },
    Matter { cat: Cat::Complaint, path: "市场监管/特种设备/电梯安全", dept: Some(dept::SCJGJ), months: &[],
        titles: &["{place}电梯频繁故障", "电梯困人，物业维修不及时"],
        bodies: &[
            "{place}{bldg}号楼的电梯这个月已经坏了{days}次了，上周还困过人，等了四十多分钟才有人来。楼里住着很多老人，电梯一停只能爬楼。请相关部门督促物业彻底检修，确保安全。",
            "我们楼的电梯年检标志已经过期了，运行时有异响，还经常停在两层之间。跟物业说了多次，物业说没有维修资金。请有关部门尽快检查。",
        ] },
    Matter { cat: Cat::Complaint, path: "市场监管/价格监管/乱收费", dept: Some(dept::SCJGJ), months: &[],
        titles: &["{place}附近停车场乱收费", "小区充电桩收费过高"],
        bodies: &[
            "{place}附近的停车场没有公示收费标准，停两个小时收了我二十块钱，也不给票。问收费员依据是什么，他说是老板定的。请价格部门查一查是否违规收费。",
            "{place}里新装的电动车充电桩，充一次要四块钱，比周边贵一倍，物业说是第三方定的价。请问收费标准有没有依据？",
        ] },
    // ---- 求助 help ----
    Matter { cat: Cat::Help, path: "城乡水务/城市供水/停水", dept: Some(dept::SWJ), months: &[],
        titles: &["{place}突然停水", "小区停水没有提前通知"],
        bodies: &[
            "{place}从今天早上开始就停水了，之前没有接到任何通知。家里老人做饭、上厕所都成了问题，小区里也没有送水车。请问什么时候能恢复供水？",
            "我们{place}{bldg}号楼这几天水压特别低，高层基本没有水，一到晚上就断水。请供水部门派人来查一下原因。",
        ] },
    Matter { cat: Cat::Help, path: "城市管理/市政设施/井盖", dept: Some(dept::CGJ), months: &[],
        titles: &["{road}井盖破损存在安全隐患", "{place}门口井盖松动"],
        bodies: &[
            "{road}靠近{place}公交站的人行道上有个井盖碎了一半，下面黑洞洞的，晚上根本看不见。已经有人差点掉进去了，我临时放了个纸箱子挡着。请尽快派人更换。",
            "{place}门口马路上的井盖松动了，车一压就哐当响，半夜吵得睡不着，还怕把井盖压翻。麻烦尽快维修加固。",
        ] },
    Matter { cat: Cat::Help, path: "劳动保障/劳动报酬/拖欠工资", dept: Some(dept::RSJ), months: &[],
        titles: &["工地拖欠农民工工资", "公司拖欠工资三个月"],
        bodies: &[
            "我在{road}附近的一个工地干活，包工头拖欠我们十几个工人三个多月的工资，一共二十多万。去工地找，项目部说钱已经拨给包工头了，包工头电话也不接。家里等着用钱，请政府帮帮我们。",
            "我在{place}附近一家餐饮公司上班，公司三个月没发工资了，老板说经营困难让再等等。我们好几个员工都是外地的，房租都交不起了。请劳动部门帮忙协调。",
        ] },
    Matter { cat: Cat::Help, path: "城市管理/市政设施/排水管网", dept: Some(dept::CGJ), months: &[],
        titles: &["{place}下水道堵塞污水外溢", "{road}雨水井堵塞路面积水"],
        bodies: &[
            "{place}{bldg}号楼前面的下水道堵了，污水从井口往外冒，整个楼前都是臭水，味道很大。物业说是市政管网的问题，他们处理不了。请有关部门尽快疏通。",
            "{road}一下雨就积水，最深的地方没过脚脖子，雨水井全被树叶和垃圾堵住了。请安排清掏。",
        ] },
    Matter { cat: Cat::Help, path: "民政服务/养老服务/居家养老", dept: Some(dept::MZJ), months: &[],
        titles: &["为独居老人求助", "{place}独居老人多日未出门"],
        bodies: &[
            "我父亲八十多岁，一个人住在{place}，我在外地工作回不来。最近他腿脚不好，下楼买菜都困难。想问问社区有没有上门助餐或者探访的服务，能不能帮忙照看一下。",
            "{place}有位独居老人，最近{days}天都没见他出门，敲门也没人应，邻居们很担心。请社区尽快上门看看情况。",
        ] },
    Matter { cat: Cat::Help, path: "城市管理/园林绿化/树木修剪", dept: Some(dept::CGJ), months: &[],
        titles: &["{place}树木遮挡采光需修剪", "{road}行道树倾斜有倒伏危险"],
        bodies: &[
            "{place}{bldg}号楼南侧的几棵大杨树已经长到五楼高了，把低层住户的阳光全挡住了，家里白天也得开灯，春天杨絮还特别多。请园林部门来修剪一下。",
            "{road}上有一棵行道树，前几天刮大风以后明显歪了，树根都翘起来了，正好在公交站旁边，人来人往的。请尽快处理，免得砸伤人。",
        ] },
    Matter { cat: Cat::Help, path: "城市管理/市政设施/道路破损", dept: Some(dept::CGJ), months: &[],
        titles: &["{road}路面坑洼不平", "{place}出口路面塌陷"],
        bodies: &[
            "{road}靠近{place}这一段路面坑坑洼洼，最大的坑有脸盆那么大，下雨积水看不见，骑电动车的摔倒好几个了。请尽快修补。",
            "{place}出口的路面这两天塌下去一块，周围已经有裂缝了，担心下面是空的。请有关部门尽快检查处理。",
        ] },
    // ---- 咨询 inquiry ----
    Matter { cat: Cat::Inquiry, path: "医疗保障/医保参保/居民医保", dept: Some(dept::YBJ), months: &[],
        titles: &["咨询居民医保缴费", "咨询异地就医备案"],
        bodies: &[
            "我是{place}的居民，今年从单位离职了，想问一下居民医保在哪里交、每年什么时候交、交多少钱？之前的职工医保能不能接续？",
            "我母亲今年退休，想咨询一下异地就医备案怎么办理，需要带哪些材料，能不能在网上办？",
        ] },
    Matter { cat: Cat::Inquiry, path: "教育体育/义务教育/入学政策", dept: Some(dept::JTJ), months: &[],
        titles: &["咨询小学入学划片", "咨询随迁子女入学"],
        bodies: &[
            "我家住在{place}，孩子明年上小学，想问一下我们小区划片到哪所学校？房子是租的，需要准备哪些材料？",
            "我们是外地来济南打工的，在{place}租房住，孩子今年要上初中，请问随迁子女入学需要什么手续，居住证需要办多长时间？",
        ] },
    Matter { cat: Cat::Inquiry, path: "住房建设/老旧小区改造/改造计划", dept: Some(dept::ZJJ), months: &[],
        titles: &["咨询{place}是否纳入老旧小区改造", "咨询老旧小区加装电梯政策"],
        bodies: &[
            "{place}是九十年代的老小区，管网老化、墙皮脱落，请问今年或明年有没有纳入老旧小区改造计划？改造需要居民出钱吗？",
            "我们{place}{bldg}号楼的居民想加装电梯，请问现在有没有补贴政策，需要多少户同意，向哪个部门申请？",
        ] },
    Matter { cat: Cat::Inquiry, path: "民政服务/养老服务/高龄津贴", dept: Some(dept::MZJ), months: &[],
        titles: &["咨询高龄津贴办理", "咨询老年助餐补贴"],
        bodies: &[
            "我母亲今年满八十周岁了，户口在{place}，请问高龄津贴怎么申请，需要带什么材料，去哪里办？",
            "请问我们街道有没有老年食堂？{place}附近有没有助餐点，八十岁以上老人吃饭有没有补贴？",
        ] },
    Matter { cat: Cat::Inquiry, path: "住房建设/住房保障/公租房", dept: Some(dept::ZJJ), months: &[],
        titles: &["咨询公租房申请条件", "咨询公租房审核进度"],
        bodies: &[
            "我在天桥区工作三年了，一直租房住，想问一下公租房的申请条件是什么，外地户口能不能申请，在哪里提交材料？",
            "我去年秋天在社区提交了公租房申请，到现在也没有消息，请问现在审核到哪一步了？",
        ] },
    // ---- 建议 suggestion ----
    Matter { cat: Cat::Suggestion, path: "教育体育/全民健身/健身设施", dept: Some(dept::JTJ), months: &[],
        titles: &["建议{place}增设健身器材", "建议更换损坏的健身器材"],
        bodies: &[
            "{place}住的老年人多，每天都有很多人在空地上锻炼，但小区里一件健身器材都没有。建议在小区空地上安装一些适合老年人的健身器材，再放几张长椅。",
            "{place}小广场的健身器材已经用了十几年，好几件都锈坏了，有个扭腰器还有尖角，孩子玩容易受伤。建议尽快更换。",
        ] },
    Matter { cat: Cat::Suggestion, path: "住房建设/物业管理/充电设施", dept: Some(dept::ZJJ), months: &[],
        titles: &["建议{place}增设电动车充电桩", "建议规范电动自行车充电"],
        bodies: &[
            "{place}有很多人骑电动车上下班，但小区里没有充电的地方，不少人从楼上拉电线下来充电，还有人推车进楼道，很不安全。建议在小区里建集中充电棚。",
            "现在电动车进电梯的情况很多，建议在{place}的电梯里安装阻车系统，同时在楼下多建一些充电桩。",
        ] },
    Matter { cat: Cat::Suggestion, path: "交通运输/道路交通/信号设施", dept: Some(dept::JTYSJ), months: &[],
        titles: &["建议{road}路口增设红绿灯", "建议在学校门口施划斑马线"],
        bodies: &[
            "{road}和{road2}的路口车流量很大，但是没有红绿灯，早晚高峰经常堵死，行人过马路特别危险。建议增设信号灯，或者至少安排人员疏导。",
            "{place}附近小学门口没有斑马线，也没有减速带，接送孩子的时候车速很快，建议施划斑马线并设置限速标志。",
        ] },
    Matter { cat: Cat::Suggestion, path: "城市管理/环境卫生/垃圾分类", dept: Some(dept::CGJ), months: &[],
        titles: &["建议增加垃圾分类投放点", "建议延长垃圾分类投放时间"],
        bodies: &[
            "{place}只有一个垃圾分类投放点，在小区最里面，很多老人走过去要十来分钟，结果大家都把垃圾放在楼下。建议每栋楼附近增加投放点。",
            "现在{place}垃圾定时投放只到晚上八点，上班族下班回来经常错过，建议延长到九点半，或者设置一个误时投放点。",
        ] },
    // ---- 举报 report ----
    Matter { cat: Cat::Report, path: "市场监管/食品安全/无证经营", dept: Some(dept::SCJGJ), months: &[],
        titles: &["举报{road}无证经营小作坊", "举报餐馆后厨卫生条件差"],
        bodies: &[
            "{road}靠近{place}有一家小作坊在居民楼里做熟食，没有营业执照和卫生许可，门口污水横流，苍蝇很多，做好的东西直接拉到早市上卖。请市场监管部门查处。",
            "我在{place}附近一家小饭馆吃饭，看到后厨地面都是油污，生熟不分，服务员也没有健康证。吃完当天晚上就拉肚子。请相关部门检查。",
        ] },
    Matter { cat: Cat::Report, path: "城市管理/违法建设/私搭乱建", dept: Some(dept::CGJ), months: &[],
        titles: &["举报{place}楼顶私搭乱建", "举报一楼住户违建占用绿地"],
        bodies: &[
            "{place}{bldg}号楼顶楼住户最近在楼顶搭建彩钢板房，已经搭了快一半了，还在继续施工。楼顶是公共部位，这样搭建影响楼体安全，下雨还往下渗水。请城管部门尽快查处。",
            "{place}一楼住户把院子往外扩了两米多，砌了砖墙，占用了公共绿地和消防通道。我们跟社区反映过，一直没有结果，请依法处理。",
        ] },
    Matter { cat: Cat::Report, path: "住房建设/房屋租赁/群租房", dept: Some(dept::ZJJ), months: &[],
        titles: &["举报{place}群租房", "举报出租屋隔断群租"],
        bodies: &[
            "{place}{bldg}号楼有一套房子被二房东隔成了八九个小间，住了二十多个人，进进出出很乱，楼道里堆满杂物，还有人在屋里给电动车充电，存在很大的消防隐患。请有关部门检查。",
            "我们楼下一套一百平的房子被改成了群租房，晚上吵闹到很晚，卫生间下水经常堵，楼上楼下都受影响。请依法处理。",
        ] },
    Matter { cat: Cat::Report, path: "生态环境/水污染/违法排污", dept: Some(dept::STHJ), months: &[],
        titles: &["举报洗车店污水直排", "举报小清河排水口夜间排黑水"],
        bodies: &[
            "{road}上一家洗车店把洗车的污水直接排进雨水井，路面上常年都是泥水，冬天还结冰，好几个人滑倒了。请环保部门查一查。",
            "小清河靠近{road}的一个排水口，这几天晚上总往河里排黑水，味道刺鼻，河面上还漂着白沫。怀疑附近有企业偷排，请尽快调查。",
        ] },
    Matter { cat: Cat::Report, path: "应急管理/消防安全/消防通道", dept: Some(dept::YJJ), months: &[],
        titles: &["举报{place}消防通道被占", "举报楼道堆放杂物"],
        bodies: &[
            "{place}的消防通道长期被私家车占着，还有人用地锁占车位。上个月小区有户人家着火，消防车差点进不来。请有关部门清理，并督促物业管理。",
            "{place}{bldg}号楼楼道里堆满了纸箱、旧家具，还停着电动车，一旦着火人都跑不出去。跟物业说了好几次，没人管。",
        ] },
    Matter { cat: Cat::Report, path: "城市管理/环境卫生/建筑垃圾", dept: Some(dept::CGJ), months: &[],
        titles: &["举报夜间偷倒建筑垃圾", "举报{road}路边倾倒装修垃圾"],
        bodies: &[
            "最近几天半夜总有渣土车往{road}北边的空地上倒建筑垃圾，已经堆成小山了，一起风就扬尘。请城管部门查处，抓住倒垃圾的车。",
            "{place}旁边有人装修后把建筑垃圾直接堆在路边，占了半条路，已经一个多星期没人清理。",
        ] },
    // ---- 表扬 praise ----
    Matter { cat: Cat::Praise, path: "表扬/社区服务/网格员", dept: None, months: &[],
        titles: &["表扬{place}网格员", "感谢社区工作人员热心帮助"],
        bodies: &[
            "我是{place}的居民，家里老人半夜突发疾病，社区网格员小刘帮忙联系救护车，还陪着去了医院。特别感谢，希望能表扬一下这位工作人员。",
            "前段时间我们小区停水，社区工作人员挨家挨户通知，还组织送水，给行动不便的老人送到家里。服务很周到，特此表扬。",
        ] },
    Matter { cat: Cat::Praise, path: "表扬/政务服务/工作人员", dept: None, months: &[],
        titles: &["表扬北园街道便民服务中心工作人员", "感谢街道及时修好路灯"],
        bodies: &[
            "我去北园街道便民服务中心办理老年优待证，工作人员态度特别好，材料不全还主动帮我联系社区开证明，一次就办成了。特此表扬。",
            "之前反映的{road}路灯不亮的问题，街道第二天就派人来修好了，还回电话告诉我处理结果。效率很高，感谢！",
        ] },
];

/// Roads of 天桥区 (north of the old city, around 北园).
pub(crate) const ROADS: &[&str] = &[
    "北园大街",
    "明湖北路",
    "无影山中路",
    "无影山北路",
    "堤口路",
    "济泺路",
    "历山北路",
    "北园路",
    "生产路",
    "泺口南路",
    "标山路",
    "新黄路",
];

/// Residential communities of the 北园 area and its neighbours.
pub(crate) const PLACES: &[&str] = &[
    "标山南区",
    "标山北区",
    "无影山小区",
    "工人新村北村",
    "工人新村南村",
    "药山小区",
    "北园小区",
    "明湖小区",
    "泺口小区",
    "堤口庄小区",
    "三孔桥小区",
    "花园庄小区",
    "东沙王庄小区",
    "新黄小区",
];

/// Closing words of complaints, requests for help and reports (empty: none).
pub(crate) const CLOSERS: &[&str] = &[
    "",
    "",
    "谢谢！",
    "希望尽快给个答复。",
    "麻烦尽快处理，谢谢。",
    "请尽快处理，不要再推来推去了。",
];
/// Closing words of inquiries and suggestions.
pub(crate) const POLITE_CLOSERS: &[&str] = &["", "", "谢谢！", "谢谢。", "麻烦给个答复，谢谢。"];

/// Surnames for masked citizen names.
pub(crate) const SURNAMES: &[&str] = &[
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "田", "董", "于", "蒋", "杜", "程", "魏", "吕", "丁", "崔", "孟", "秦", "侯", "尹", "薛",
    "司马",
];

/// Mobile prefixes for masked phone numbers.
pub(crate) const PHONE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "176", "177", "178", "180", "181", "182", "185", "186",
    "187", "188", "189",
];

pub(crate) const REDO_REASONS: &[&str] = &[
    "市民反映问题仍未解决，对答复不认可。",
    "市民表示承办单位未与其联系，答复内容与实际不符。",
    "答复内容未针对市民诉求，答复不规范。",
    "市民反映现场仍未整改到位。",
    "答复未说明政策依据，请补充后重新答复。",
];

pub(crate) const EXTENSION_REASONS: &[&str] = &[
    "涉及多部门协调，需进一步现场核实。",
    "需协调施工单位及物业共同处理，维修材料采购周期较长。",
    "需等待专业机构检测结果后方可处理。",
    "涉及维修资金使用，需履行审批程序。",
];

pub(crate) const REMINDER_NOTES: &[&str] = &[
    "该工单即将到期，请抓紧办理并按时答复。",
    "市民再次来电催促，请尽快联系市民并办理。",
];
pub(crate) const YELLOW_NOTES: &[&str] = &[
    "该工单已超期，黄牌督办，请于今日内办结并答复。",
    "超期未答复，区热线办黄牌督办，请说明原因并加快办理。",
];
pub(crate) const RED_NOTES: &[&str] = &[
    "工单超期多日未办结，市民多次来电，红牌督办，请主要负责同志亲自过问。",
    "红牌督办：该诉求反复投诉，请单位主要领导牵头研究解决。",
];
pub(crate) const ACK_REMINDER_NOTES: &[&str] = &["工单超时未签收，请立即签收。"];

pub(crate) const REPLY_NOTES: &[&str] = &[
    "已联系市民，安排人员现场核实处理，处理结果已告知市民。",
    "经现场核查，问题已整改完毕，已电话告知市民。",
    "已向市民解释相关政策并告知办理途径。",
    "已协调相关单位处理，市民表示认可。",
];

pub(crate) const SATISFIED_COMMENTS: &[&str] = &[
    "市民表示问题已解决，对处理结果满意。",
    "市民对工作人员的服务态度表示满意。",
];
pub(crate) const BASIC_COMMENTS: &[&str] = &[
    "市民表示问题基本解决，希望后续加强管理。",
    "市民表示基本满意，处理速度有待提高。",
];
pub(crate) const UNSATISFIED_COMMENTS: &[&str] = &[
    "市民表示问题仍未解决，对处理结果不满意。",
    "市民表示无人联系，不满意。",
];

/// Rarely, text pasted into the web form carries markup: the app must show it as text.
pub(crate) const MARKUP_SUFFIX: &str =
    "（网上留言原文附：<b>急！！！</b><script>alert(1)</script>）";
