"""Plays the other side of WeChat Pay API v3 with wechatpayv3's own utilities and Core.

Usage: python3 wechatpay_peer.py COMMAND < request.json > answer.json
"""
import base64
import json
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from wechatpayv3.core import Core
from wechatpayv3.utils import (aes_decrypt, build_authorization, load_private_key,
                               load_public_key, rsa_sign, rsa_verify)


def build_authorization_header(request):
    """A merchant's Authorization header, made by the SDK (its timestamp is the SDK's clock)."""
    header = build_authorization(
        request["path"], request["method"], request["mchid"], request["serial_no"],
        load_private_key(request["private_key"]), data=request["body"], nonce_str=request["nonce"])
    return {"authorization": header}


def verify_request(request):
    """WeChat's side of a merchant request; rsa_verify joins its three parts with newlines,
    so METHOD and PATH ride in front of the timestamp."""
    prefix = "%s\n%s\n%s" % (request["method"], request["path"], request["timestamp"])
    valid = rsa_verify(prefix, request["nonce"], request["body"], request["signature"],
                       load_public_key(request["public_key"]))
    return {"valid": valid}


def make_callback(request):
    """WeChat's side of a payment callback: AES-GCM resource (wechatpayv3 only decrypts, so
    `cryptography` encrypts, as WeChat does) and an rsa_sign signature over ts, nonce, body."""
    nonce = request["resource_nonce"]
    sealed = AESGCM(request["apiv3_key"].encode()).encrypt(
        nonce.encode(), json.dumps(request["transaction"], ensure_ascii=False).encode(), b"transaction")
    body = json.dumps({
        "id": request["id"],
        "create_time": "2024-05-01T08:30:00+08:00",
        "resource_type": "encrypt-resource",
        "event_type": "TRANSACTION.SUCCESS",
        "summary": "支付成功",
        "resource": {
            "original_type": "transaction",
            "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": base64.b64encode(sealed).decode(),
            "associated_data": "transaction",
            "nonce": nonce,
        },
    }, ensure_ascii=False)
    sign_str = "%s\n%s\n%s\n" % (request["timestamp"], request["nonce"], body)
    signature = rsa_sign(load_private_key(request["private_key"]), sign_str)
    headers = {
        "Wechatpay-Timestamp": request["timestamp"],
        "Wechatpay-Nonce": request["nonce"],
        "Wechatpay-Signature": signature,
        "Wechatpay-Serial": request["serial"],
        "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
    }
    return {"headers": headers, "body": body}


def receive_callback(request):
    """The merchant's side as wechatpayv3 does it: Core.callback verifies and decrypts
    (public-key mode, so it needs no network)."""
    core = Core(
        mchid=request["mchid"], cert_serial_no="MERCHANT-SERIAL",
        private_key=request["merchant_private_key"], apiv3_key=request["apiv3_key"],
        public_key=request["public_key"], public_key_id=request["serial"])
    return {"result": core.callback(request["headers"], request["body"])}


def decrypt(request):
    plaintext = aes_decrypt(request["nonce"], request["ciphertext"], request["associated_data"],
                            request["apiv3_key"])
    return {"plaintext": plaintext}


if __name__ == "__main__":
    command = globals()[sys.argv[1]]
    json.dump(command(json.load(sys.stdin)), sys.stdout, ensure_ascii=False)
