"""Plays a school's OpenID provider and relying party with PyJWT, the common Python JWT library.

Usage: python3 oidc_peer.py COMMAND < request.json > answer.json
"""
import json
import sys

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from jwt.algorithms import RSAAlgorithm


def sign_id_token(request):
    """An ID token as a provider issues it: RS256 with the key id in its header."""
    token = jwt.encode(request["claims"], request["private_key"], algorithm="RS256", headers={"kid": request["kid"]})
    return {"id_token": token}


def publish_jwks(request):
    """The provider's jwks_uri document for its public key."""
    key = json.loads(RSAAlgorithm.to_jwk(load_pem_public_key(request["public_key"].encode())))
    key.update({"kid": request["kid"], "use": "sig", "alg": "RS256"})
    return {"jwks": {"keys": [key]}}


def verify_id_token(request):
    """A relying party's check of an ID token against the provider's JWKS document."""
    keys = jwt.PyJWKSet.from_dict(request["jwks"])
    kid = jwt.get_unverified_header(request["id_token"])["kid"]
    key = next(k for k in keys.keys if k.key_id == kid)
    claims = jwt.decode(request["id_token"], key.key, algorithms=["RS256"], audience=request["audience"],
                        issuer=request["issuer"], options={"verify_iat": False}, leeway=10 ** 9)
    return {"claims": claims}


if __name__ == "__main__":
    print(json.dumps({"sign_id_token": sign_id_token, "publish_jwks": publish_jwks,
                      "verify_id_token": verify_id_token}[sys.argv[1]](json.load(sys.stdin))))
