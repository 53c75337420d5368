import ArgumentParser
import CampusCardChannels
import CampusCardServices
import Foundation

/// The real channels, from the environment (keys and secrets from files, never from flags that
/// show in `ps`). With none of it set, the sandbox plays the channels inside the server.
enum ChannelEnvironment {
    static func access(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ChannelAccess? {
        guard environment["CAMPUSCARD_ALIPAY_APP_ID"] != nil else { return nil }
        func value(_ name: String, default fallback: String? = nil) throws -> String {
            guard let value = environment[name] ?? fallback, !value.isEmpty else {
                throw ValidationError("Missing configuration: \(name).")
            }
            return value
        }
        func file(_ name: String) throws -> String {
            let path = try value(name)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("\(name): cannot read \(path).")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func publicKey(_ name: String) throws -> RSAVerifyingKey {
            do { return try RSAVerifyingKey(pem: try file(name)) } catch let error as ValidationError { throw error } catch {
                throw ValidationError("\(name): not an RSA public key in PEM (\(error)).")
            }
        }
        func privateKey(_ name: String) throws -> RSASigningKey {
            do { return try RSASigningKey(pem: try file(name)) } catch let error as ValidationError { throw error } catch {
                throw ValidationError("\(name): not an RSA private key in PEM (\(error)).")
            }
        }
        let apiV3Key: WeChatPayAPIv3Key
        do { apiV3Key = try WeChatPayAPIv3Key(try file("CAMPUSCARD_WECHATPAY_APIV3_KEY_FILE")) } catch let error as ValidationError {
            throw error
        } catch { throw ValidationError("CAMPUSCARD_WECHATPAY_APIV3_KEY_FILE: the APIv3 key is 32 characters.") }
        /// WeChat Pay's public key (`PUB_KEY_ID_…`) and a platform certificate's key, either or
        /// both; with neither, the certificates are downloaded on the first message.
        func weChatPayPlatformKeys() throws -> [String: RSAVerifyingKey] {
            var keys: [String: RSAVerifyingKey] = [:]
            for (id, file) in [
                ("CAMPUSCARD_WECHATPAY_PUBLIC_KEY_ID", "CAMPUSCARD_WECHATPAY_PUBLIC_KEY_FILE"),
                ("CAMPUSCARD_WECHATPAY_PLATFORM_SERIAL", "CAMPUSCARD_WECHATPAY_PLATFORM_PUBLIC_KEY_FILE"),
            ] where environment[id] != nil || environment[file] != nil {
                keys[try value(id)] = try publicKey(file)
            }
            return keys
        }
        /// A school's OpenID client secret, `CAMPUSCARD_SIGN_ON_SECRET_FILE_<SCHOOL CODE>`.
        func signOnSecrets() throws -> [String: String] {
            let prefix = "CAMPUSCARD_SIGN_ON_SECRET_FILE_"
            return Dictionary(
                uniqueKeysWithValues: try environment.keys.filter { $0.hasPrefix(prefix) && $0.count > prefix.count }.map {
                    (String($0.dropFirst(prefix.count)), try file($0))
                })
        }
        func certificate(_ name: String) throws -> UnionPayCertificate {
            do { return try UnionPayCertificate(pem: try file(name)) } catch let error as ValidationError { throw error } catch {
                throw ValidationError("\(name): not an X.509 certificate in PEM (\(error)).")
            }
        }
        /// UnionPay ACP: our signing certificate and key (its .pfx, converted to PEM), UnionPay's
        /// root, middle and encryption certificates.
        func unionPay() throws -> ChannelAccess.UnionPay {
            let signer: UnionPaySigner
            do {
                signer = try UnionPaySigner(
                    key: try privateKey("CAMPUSCARD_UNIONPAY_SIGN_KEY_FILE"),
                    certificate: try certificate("CAMPUSCARD_UNIONPAY_SIGN_CERT_FILE"))
            } catch let error as ValidationError { throw error } catch {
                throw ValidationError("CAMPUSCARD_UNIONPAY_SIGN_KEY_FILE: not the key of CAMPUSCARD_UNIONPAY_SIGN_CERT_FILE.")
            }
            let encryption: UnionPayEncryption
            do { encryption = try UnionPayEncryption(certificate: try certificate("CAMPUSCARD_UNIONPAY_ENCRYPT_CERT_FILE")) } catch let
                error as ValidationError
            { throw error } catch { throw ValidationError("CAMPUSCARD_UNIONPAY_ENCRYPT_CERT_FILE: holds no RSA key.") }
            return ChannelAccess.UnionPay(
                merchantID: try value("CAMPUSCARD_UNIONPAY_MERCHANT_ID"), signer: signer,
                verifier: UnionPayVerifier(
                    root: try certificate("CAMPUSCARD_UNIONPAY_ROOT_CERT_FILE"),
                    middle: try certificate("CAMPUSCARD_UNIONPAY_MIDDLE_CERT_FILE"),
                    identity: try value("CAMPUSCARD_UNIONPAY_SIGNER_IDENTITY", default: UnionPayVerifier.productionIdentity)),
                encryption: encryption, baseURL: try value("CAMPUSCARD_UNIONPAY_GATEWAY_URL", default: "https://gateway.95516.com"),
                notifyURL: try value("CAMPUSCARD_UNIONPAY_NOTIFY_URL"), returnURL: try value("CAMPUSCARD_UNIONPAY_RETURN_URL"),
                tokenRequestorID: try value("CAMPUSCARD_UNIONPAY_TOKEN_REQUESTOR_ID"))
        }
        let appKey = try privateKey("CAMPUSCARD_ALIPAY_APP_PRIVATE_KEY_FILE")
        return ChannelAccess(
            alipay: .init(
                appID: try value("CAMPUSCARD_ALIPAY_APP_ID"), sellerID: try value("CAMPUSCARD_ALIPAY_SELLER_ID"),
                opAppID: environment["CAMPUSCARD_ALIPAY_OP_APP_ID"].flatMap { $0.isEmpty ? nil : $0 }, appPrivateKey: appKey,
                alipayPublicKey: try publicKey("CAMPUSCARD_ALIPAY_PUBLIC_KEY_FILE"),
                gatewayURL: try value("CAMPUSCARD_ALIPAY_GATEWAY_URL", default: "https://openapi.alipay.com/gateway.do"),
                notifyURL: try value("CAMPUSCARD_ALIPAY_NOTIFY_URL")),
            wechat: .init(
                appID: try value("CAMPUSCARD_WECHAT_APP_ID"), appSecret: try file("CAMPUSCARD_WECHAT_APP_SECRET_FILE"),
                oauthURL: try value("CAMPUSCARD_WECHAT_OAUTH_URL", default: "https://api.weixin.qq.com")),
            schoolLogin: .init(
                clientID: try value("CAMPUSCARD_SCHOOL_LOGIN_CLIENT_ID"), clientSecret: try file("CAMPUSCARD_SCHOOL_LOGIN_SECRET_FILE"),
                baseURL: try value("CAMPUSCARD_SCHOOL_LOGIN_URL"), signOnSecrets: try signOnSecrets()),
            weChatPay: .init(
                appID: try value("CAMPUSCARD_WECHAT_APP_ID"), mchID: try value("CAMPUSCARD_WECHATPAY_MCH_ID"),
                merchantSerial: try value("CAMPUSCARD_WECHATPAY_MERCHANT_SERIAL"),
                merchantPrivateKey: try privateKey("CAMPUSCARD_WECHATPAY_MERCHANT_PRIVATE_KEY_FILE"), apiV3Key: apiV3Key,
                platformKeys: try weChatPayPlatformKeys(),
                baseURL: try value("CAMPUSCARD_WECHATPAY_BASE_URL", default: "https://api.mch.weixin.qq.com"),
                notifyURL: try value("CAMPUSCARD_WECHATPAY_NOTIFY_URL")),
            unionPay: try unionPay(),
            pages: .init(
                authorize: [
                    .alipay: try value(
                        "CAMPUSCARD_ALIPAY_AUTHORIZE_URL", default: "https://openauth.alipay.com/oauth2/publicAppAuthorize.htm"),
                    .wechat: try value("CAMPUSCARD_WECHAT_AUTHORIZE_URL", default: "https://open.weixin.qq.com/connect/oauth2/authorize"),
                    .schoolApp: try value(
                        "CAMPUSCARD_SCHOOL_LOGIN_AUTHORIZE_URL", default: try value("CAMPUSCARD_SCHOOL_LOGIN_URL") + "/oauth/authorize"),
                ]),
            faceID: try environment["CAMPUSCARD_TENCENT_FACEID_SECRET_ID"].map {
                .init(
                    secretID: $0, secretKey: try file("CAMPUSCARD_TENCENT_FACEID_SECRET_KEY_FILE"),
                    ruleID: try value("CAMPUSCARD_TENCENT_FACEID_RULE_ID"),
                    url: try value("CAMPUSCARD_TENCENT_FACEID_URL", default: "https://faceid.tencentcloudapi.com"))
            })
    }
}
