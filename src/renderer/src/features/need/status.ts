export const NEED_STATUS_COLORS: Record<string, string> = { 待认领: 'orange', 认领中: 'blue', 已满: 'purple', 已完成: 'green', 已关闭: 'default' }
