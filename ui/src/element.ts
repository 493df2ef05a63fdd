// Element Plus styles for the components the UI uses (components themselves are
// imported where used, so the bundle only carries those). Add a line per new component.
import "element-plus/theme-chalk/base.css";
import "element-plus/es/components/config-provider/style/css";
import "element-plus/es/components/table-v2/style/css";
import "element-plus/es/components/tag/style/css";
import "element-plus/es/components/button/style/css";
import "element-plus/es/components/message/style/css";
import "element-plus/es/components/input/style/css";
import "element-plus/es/components/dialog/style/css";
import "element-plus/es/components/overlay/style/css";
import "element-plus/es/components/alert/style/css";
import "element-plus/es/components/select/style/css";
import "element-plus/es/components/option/style/css";
import "element-plus/es/components/date-picker/style/css";
import "element-plus/es/components/timeline/style/css";
import "element-plus/es/components/timeline-item/style/css";
import "element-plus/es/components/popconfirm/style/css";
import "element-plus/es/components/popper/style/css";
import "element-plus/es/components/radio/style/css";
import "element-plus/es/components/radio-group/style/css";
import "element-plus/es/components/drawer/style/css";
import "element-plus/es/components/badge/style/css";
