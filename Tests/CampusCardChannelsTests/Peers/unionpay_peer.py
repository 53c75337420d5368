"""Plays UnionPay ACP 5.1.0's other end with `cryptography`, written from UnionPay's published
rule, independently of the Swift code: no PyPI package implements 5.1.0's signMethod 01 (the
SHA256withRSA signature over the SHA-256 *hex* of the sorted sign string); senweaver-pay, the
one that names UnionPay, signs the string itself.

Usage: python3 unionpay_peer.py COMMAND < request.json > answer.json
"""
import base64
import datetime
import hashlib
import json
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID


def sign_content(fields):
    """Every field but `signature`, sorted by name, name=value joined by '&'."""
    return "&".join("%s=%s" % (k, fields[k]) for k in sorted(fields) if k != "signature")


def digest_hex(fields):
    return hashlib.sha256(sign_content(fields).encode("utf-8")).hexdigest()


def cert_id(certificate):
    return str(certificate.serial_number)


def sign(request):
    """A merchant request: empty fields dropped, certId and signMethod set, signed."""
    key = serialization.load_pem_private_key(request["private_key"].encode(), None)
    certificate = x509.load_pem_x509_certificate(request["certificate"].encode())
    fields = {k: v for k, v in request["fields"].items() if v}
    fields["signMethod"] = "01"
    if request.get("present_certificate"):
        fields["signPubKeyCert"] = request["certificate"]
    else:
        fields["certId"] = cert_id(certificate)
    signature = key.sign(digest_hex(fields).encode(), padding.PKCS1v15(), hashes.SHA256())
    fields["signature"] = base64.b64encode(signature).decode()
    return {"fields": fields, "cert_id": cert_id(certificate), "sign_content": sign_content(fields)}


def identity(certificate):
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    parts = names[0].value.split("@") if names else []
    return parts[2] if len(parts) > 2 else ""


def verify(request):
    """UnionPay's message checked as its SDKs do: signPubKeyCert chains to the root through the
    middle, is valid now, names the expected identity, and its key verifies the signature."""
    fields = request["fields"]
    root = x509.load_pem_x509_certificate(request["root"].encode())
    middle = x509.load_pem_x509_certificate(request["middle"].encode())
    leaf = x509.load_pem_x509_certificate(fields["signPubKeyCert"].encode())
    now = datetime.datetime.now(datetime.timezone.utc)
    try:
        middle.verify_directly_issued_by(root)
        leaf.verify_directly_issued_by(middle)
    except Exception as error:  # noqa: BLE001 - any failure means "does not chain"
        return {"valid": False, "reason": "chain: %s" % error}
    if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
        return {"valid": False, "reason": "expired"}
    if identity(leaf) != request["identity"]:
        return {"valid": False, "reason": "identity %s" % identity(leaf)}
    try:
        leaf.public_key().verify(base64.b64decode(fields["signature"]), digest_hex(fields).encode(),
                                 padding.PKCS1v15(), hashes.SHA256())
    except Exception:  # noqa: BLE001
        return {"valid": False, "reason": "signature"}
    return {"valid": True}


def issue_chain(request):
    """A root, a middle and a signing certificate (CN 041@Z…@identity@00000001) with their keys."""
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    end = datetime.datetime(2049, 12, 31, tzinfo=datetime.timezone.utc)

    def make(common_name, serial, key, issuer_name, issuer_key, ca):
        name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Peer UnionPay"),
                          x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
        builder = (x509.CertificateBuilder().subject_name(name).issuer_name(issuer_name or name)
                   .public_key(key.public_key()).serial_number(serial).not_valid_before(start)
                   .not_valid_after(end)
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if ca:
            builder = builder.add_extension(x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False), critical=True)
        return builder.sign(issuer_key, hashes.SHA256()), name

    keys = [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(3)]
    root, root_name = make("Peer Root", 1, keys[0], None, keys[0], True)
    middle, middle_name = make("Peer Middle", 2, keys[1], root_name, keys[0], True)
    leaf, _ = make("041@Z12400000001@%s@00000001" % request["identity"], request["serial"],
                   keys[2], middle_name, keys[1], False)

    def pem(certificate):
        return certificate.public_bytes(serialization.Encoding.PEM).decode()
    return {
        "root": pem(root), "middle": pem(middle), "certificate": pem(leaf),
        "private_key": keys[2].private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()).decode(),
        "cert_id": cert_id(leaf),
    }


COMMANDS = {"sign": sign, "verify": verify, "issue_chain": issue_chain}

if __name__ == "__main__":
    json.dump(COMMANDS[sys.argv[1]](json.load(sys.stdin)), sys.stdout, ensure_ascii=False)
