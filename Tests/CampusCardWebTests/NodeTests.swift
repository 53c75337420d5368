import Testing

@testable import CampusCardWeb

@Suite struct NodeTests {
    @Test func textAndAttributesAreEscaped() {
        let hostile = #""><script>alert('x')</script>&amp;"#
        let html = el("p", .class(hostile)) { hostile }.rendered
        #expect(!html.contains("<script>"))
        #expect(
            html
                == #"<p class="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;">"&gt;&lt;script&gt;alert('x')&lt;/script&gt;&amp;amp;</p>"#
        )
    }

    @Test func booleanAndOptionalAttributes() {
        #expect(void("input", [.name("a"), .required, nil]).rendered == #"<input name="a" required>"#)
    }

    @Test func campusesOneCharacterApartAreMarked() {
        let marked = CampusNames.marked(["南湖校区", "南海校区", "主校区"])
        #expect(marked[0] == [.init(text: "南", differs: false), .init(text: "湖", differs: true), .init(text: "校区", differs: false)])
        #expect(marked[1][1] == .init(text: "海", differs: true))
        #expect(marked[2] == [.init(text: "主校区", differs: false)])
        let demo = CampusNames.marked(["主校区（海淀）", "东校区（昌平）", "医学院"])
        #expect(demo[0].filter(\.differs).map(\.text) == ["主", "海淀"])
        #expect(demo[2] == [.init(text: "医学院", differs: false)])
    }
}
