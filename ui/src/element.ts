// Element Plus styles for the components the UI uses (components themselves are
// imported where used, so the bundle only carries those). Add a line per new component.
import "element-plus/theme-chalk/base.css";
import "element-plus/es/components/config-provider/style/css";
import "element-plus/es/components/table-v2/style/css";
import "element-plus/es/components/tag/style/css";
import "element-plus/es/components/button/style/css";
import "element-plus/es/components/message/style/css";
