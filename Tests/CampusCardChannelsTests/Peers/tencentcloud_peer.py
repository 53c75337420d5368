"""Signs a Tencent Cloud API 3.0 call with tencentcloud-sdk-python's own client (TC3-HMAC-SHA256).

Usage: python3 tencentcloud_peer.py sign < request.json > answer.json
"""
import json
import sys
from unittest import mock

from tencentcloud.common import abstract_client, credential
from tencentcloud.common.http.request import RequestInternal


class FaceIDClient(abstract_client.AbstractClient):
    _apiVersion = "2018-03-01"
    _endpoint = "faceid.tencentcloudapi.com"
    _service = "faceid"


def sign(request):
    """The headers and body the SDK sends for `action` with `params` at `timestamp` (no network)."""
    client = FaceIDClient(credential.Credential(request["secret_id"], request["secret_key"]), "")
    req = RequestInternal(FaceIDClient._endpoint, "POST", "/")
    with mock.patch.object(abstract_client.time, "time", return_value=request["timestamp"]):
        client._build_req_with_tc3_signature(request["action"], request["params"], req)
    return {"headers": dict(req.header), "payload": req.data}


if __name__ == "__main__":
    print(json.dumps({"sign": sign}[sys.argv[1]](json.load(sys.stdin))))
