"""Plays the other side of Alipay RSA2 with python-alipay-sdk's own signing and verification.

Usage: python3 alipay_peer.py COMMAND < request.json > answer.json
Every request has `private_key` and `public_key`, the two key slots of the SDK's AliPay object:
it signs with the first and verifies with the second, whichever party it plays.
"""
import json
import sys
from urllib.parse import parse_qsl, unquote_plus

from alipay import AliPay
from alipay.exceptions import AliPayValidationError


def sdk(request):
    return AliPay(
        appid=request.get("app_id", "2021000000000000"),
        app_notify_url=None,
        app_private_key_string=request["private_key"],
        alipay_public_key_string=request["public_key"],
        sign_type="RSA2",
    )


def sign_notification(request):
    """Alipay's side: a form body signed over everything but sign and sign_type."""
    body = sdk(request).sign_data(dict(request["params"]))
    return {"body": body + "&sign_type=RSA2"}


def verify_notification(request):
    """Our side as the SDK documents it: pop `sign`, then verify() (which drops sign_type)."""
    data = dict(parse_qsl(request["body"], keep_blank_values=True))
    signature = data.pop("sign")
    return {"valid": sdk(request).verify(data, signature)}


def check_request(request):
    """The gateway's side: re-sign the same parameters with the SDK and verify the given sign."""
    alipay = sdk(request)
    params = dict(request["params"])
    signature = params.pop("sign")
    signed_query = alipay.sign_data(dict(params))
    sdk_sign = unquote_plus(signed_query.rsplit("&sign=", 1)[1])
    unsigned = "&".join("{}={}".format(k, v) for k, v in alipay._ordered_data(params))
    return {"sdk_sign": sdk_sign, "valid": alipay._verify(unsigned, signature)}


def sign_response(request):
    """Alipay's side of a gateway response: sign over the node text exactly as written."""
    node = request["node"]
    sign = sdk(request)._sign(node)
    return {"body": '{"%s":%s,"sign":"%s"}' % (request["response_key"], node, sign)}


def verify_response(request):
    """Our side, with the SDK's own locate-and-verify of the `..._response` node."""
    try:
        node = sdk(request)._verify_and_return_sync_response(request["body"], request["response_key"])
    except AliPayValidationError:
        return {"valid": False}
    return {"valid": True, "node": node}


if __name__ == "__main__":
    command = globals()[sys.argv[1]]
    json.dump(command(json.load(sys.stdin)), sys.stdout, ensure_ascii=False)
