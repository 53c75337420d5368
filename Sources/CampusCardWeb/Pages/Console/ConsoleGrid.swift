/// A table's head: one row of column headers, and the actions' column when the reader may act.
enum ConsoleGrid {
    static func head(_ headers: [String], actions: Bool = false, _ c: PageContext) -> Node {
        el("thead") {
            el("tr") {
                for header in headers + (actions ? [c.t("办理", "Actions")] : []) {
                    el("th", Attribute("scope", "col")) { header }
                }
            }
        }
    }
}
