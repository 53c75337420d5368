import CampusCardCore
import Foundation

/// What every page is rendered with: the reader's language, the form token, the school's clock.
public struct PageContext: Sendable {
    public var language: PageLanguage
    /// Goes into every form as `_csrf`; the server checks it against the session's.
    public var csrfToken: String
    public var timeZone: TimeZone
    /// The page's own address, for the language switch to come back to.
    public var path: String
    /// `/h5/{school}` once a school is chosen: the navigation's base.
    public var schoolPath: String?
    public var schoolName: String?
    /// Where the language switch posts: the console's forms carry the staff session's token, so
    /// it has a switch of its own (the choice is the same cookie).
    public var languageAction = PageAssets.languagePath

    public init(
        language: PageLanguage, csrfToken: String, timeZone: TimeZone, path: String, schoolPath: String? = nil, schoolName: String? = nil
    ) {
        (self.language, self.csrfToken, self.timeZone, self.path) = (language, csrfToken, timeZone, path)
        (self.schoolPath, self.schoolName) = (schoolPath, schoolName)
    }

    /// The text in the reader's language.
    public func t(_ zh: String, _ en: String) -> String {
        language == .zh ? zh : en
    }

    /// An error's message in the reader's language.
    public func message(_ error: CardError) -> String {
        t(error.zh, error.en)
    }

    /// `2026-12-03 13:05`, in the school's zone.
    public func dateTime(_ date: Date) -> String {
        date.formatted(Self.style(timeZone, date: true, time: true))
    }

    public func date(_ date: Date) -> String {
        date.formatted(Self.style(timeZone, date: true, time: false))
    }

    public func time(_ date: Date) -> String {
        date.formatted(Self.style(timeZone, date: false, time: true))
    }

    private static func style(_ zone: TimeZone, date: Bool, time: Bool) -> Date.VerbatimFormatStyle {
        let format: Date.FormatString =
            switch (date, time) {
            case (true, true):
                "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)"
            case (true, false): "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits)"
            default: "\(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)"
            }
        return Date.VerbatimFormatStyle(format: format, timeZone: zone, calendar: Calendar(identifier: .gregorian))
    }
}
