import Vapor

extension Request {
    /// The client's address, as the rate limits count it: the connection's peer, unless that peer
    /// is a configured trusted proxy, whose `X-Forwarded-For` then names it (the nearest address
    /// in it that is not a trusted proxy itself). Anyone else's header is ignored: a client could
    /// write any address there. A request with no IP peer came from this machine (a Unix socket's
    /// proxy, or in-process): its header is believed, and without one the address is not known.
    var clientAddress: String? {
        let trusted = application.campusCard.trustedProxies
        let peer = remoteAddress?.ipAddress
        if let peer, !trusted.contains(peer) { return peer }
        let forwarded = headers[.xForwardedFor].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let client = forwarded.reversed().first(where: { !trusted.contains($0) }),
            // Only what an IPv4 or IPv6 address is written with: the address is a counter's key.
            (2...45).contains(client.count), client.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" })
        else { return peer }
        return client
    }
}
