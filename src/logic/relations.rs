//! Relation names as a reader says them. GitLab's keys ("merge_requests") are English identifiers; the Chinese
//! names are those of GitLab's own Chinese UI. A relation not listed is shown as its key, made readable.

/// GitLab's relation key → its name in GitLab's Chinese UI.
const CHINESE: [(&str, &str); 26] = [
    ("issues", "议题"),
    ("merge_requests", "合并请求"),
    ("labels", "标记"),
    ("milestones", "里程碑"),
    ("epics", "史诗"),
    ("members", "成员"),
    ("badges", "徽章"),
    ("boards", "看板"),
    ("releases", "发布"),
    ("snippets", "代码片段"),
    ("wiki", "Wiki"),
    ("ci_pipelines", "流水线"),
    ("pipelines", "流水线"),
    ("pipeline_schedules", "流水线计划"),
    ("protected_branches", "受保护分支"),
    ("protected_tags", "受保护标签"),
    ("uploads", "上传"),
    ("iterations", "迭代"),
    ("repository", "仓库"),
    ("design", "设计"),
    ("lfs_objects", "LFS 对象"),
    ("subgroups", "子群组"),
    ("projects", "项目"),
    ("push_rule", "推送规则"),
    ("namespace_settings", "命名空间设置"),
    ("project_feature", "项目功能"),
];

/// "merge requests" in English, "合并请求" in Chinese; an unknown key with its underscores as spaces.
pub fn relation_name(key: &str, chinese: bool) -> String {
    if chinese {
        if let Some((_, name)) = CHINESE.iter().find(|(k, _)| *k == key) {
            return (*name).to_string();
        }
    }
    key.replace('_', " ")
}
