"""Generates RSA key pairs with `cryptography`, in every text form the Swift side must load.

Usage: python3 keys.py [COUNT] [BITS]  -> JSON list on stdout.
"""
import base64
import json
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def pair(bits):
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    public_der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return {
        "pkcs1_pem": key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption()).decode(),
        "pkcs8_pem": key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()).decode(),
        "public_pem": key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode(),
        # The bare body, as Alipay's console shows the Alipay public key.
        "public_base64": base64.b64encode(public_der).decode(),
    }


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    bits = int(sys.argv[2]) if len(sys.argv) > 2 else 2048
    json.dump([pair(bits) for _ in range(count)], sys.stdout)
