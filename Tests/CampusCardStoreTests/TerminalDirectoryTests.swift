import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

@testable import CampusCardStore

/// POS requests find their terminals together: each answered with its own terminal, or none.
@Suite struct TerminalDirectoryTests {
    @Test(arguments: Engine.available)
    func lookupsMadeTogetherAreAnsweredEachWithItsOwnTerminal(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                // given two terminals at the canteen, one of them taken out of service
                let f = try await LedgerFixture.make(on: runtime, cardholders: 1)
                let db = runtime.database
                let box = MasterKey.generate().key.secretBox
                let merchants = MerchantStore(db.sql, box: box)
                let first = try await merchants.createTerminal(
                    merchant: f.canteen, schoolID: f.school.id, code: "POS-A", at: LedgerFixture.now)
                let second = try await merchants.createTerminal(
                    merchant: f.canteen, schoolID: f.school.id, code: "POS-B", at: LedgerFixture.now)
                try await db.sql.raw("UPDATE terminals SET status = 'retired' WHERE id = \(bind: second.id)").run()
                let directory = TerminalDirectory(db, box: box)
                // when one query looks up a code twice, a retired terminal's and an unknown one
                let found = try await directory.terminals(codes: ["POS-A", "POS-B", "NOPE", "POS-A"])
                // then each is answered in its place, with the secret unsealed
                #expect(found.map { $0?.id } == [first.id, nil, nil, first.id])
                #expect(found[0]?.secret == first.secret)
                #expect(found[0]?.merchant.account == f.canteen.account)
                // and lookups submitted at once through the batcher get the same answers
                let lookups = TerminalLookups(directory)
                let answers = try await withThrowingTaskGroup(of: (Int, Int64?).self) { group in
                    for (i, code) in ["POS-A", "NOPE", "POS-B", "POS-A"].enumerated() {
                        group.addTask { (i, try await lookups.submit(code).get()?.id) }
                    }
                    return try await group.reduce(into: [Int: Int64?]()) { $0[$1.0] = $1.1 }
                }
                #expect(answers == [0: first.id, 1: nil, 2: nil, 3: first.id])
            }
        }
    }
}
