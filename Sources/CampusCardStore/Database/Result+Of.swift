extension Result where Failure == any Error {
    /// The outcome of an async call, success or failure, as a value: for answering each of many
    /// charges on its own.
    public static func of(_ body: () async throws -> Success) async -> Self {
        do { return .success(try await body()) } catch { return .failure(error) }
    }
}
