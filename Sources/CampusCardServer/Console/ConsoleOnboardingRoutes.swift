import Vapor

/// The console's setup pages: the operator's schools, and a school's staff, merchants, terminals
/// and campuses. A school's staff pages answer under the operator's school page too.
struct ConsoleOnboardingRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let platform = ConsolePlatformPages()
        routes.get("platform", "schools", use: platform.list)
        routes.post("platform", "schools", use: platform.create)

        let staff = ConsoleStaffPages()
        let school = routes.grouped("platform", "schools", ":school")
        school.get(use: staff.list)
        for scope in [routes, school] {
            scope.get("staff", use: staff.list)
            scope.post("staff", "confirm", use: staff.confirmAdding)
            scope.post("staff", use: staff.add)
            scope.get("staff", ":username", ":change", use: staff.confirmChange)
            scope.post("staff", ":username", ":change", use: staff.change)
        }

        let merchants = ConsoleMerchantPages()
        routes.get("merchants", use: merchants.list)
        routes.post("merchants", use: merchants.add)

        let terminals = ConsoleTerminalPages()
        routes.get("terminals", use: terminals.list)
        routes.post("terminals", use: terminals.add)
        routes.get("terminals", ":code", ":change", use: terminals.confirm)
        routes.post("terminals", ":code", ":change", use: terminals.change)

        let campuses = ConsoleCampusPages()
        routes.get("campuses", use: campuses.list)
        routes.post("campuses", use: campuses.add)
        routes.post("campuses", ":code", use: campuses.rename)
    }
}
