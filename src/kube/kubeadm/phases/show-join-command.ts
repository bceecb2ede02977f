import { caCertHash } from '../../pki/ca-hash.js';
import { tokenString } from '../bootstrap-token.js';
import { endpointUrl } from '../init-config.js';
import { initSuccessText, joinCommand } from '../join-command.js';
import type { Phase } from './init-context.js';
import { sharedOf } from './kubeconfig.js';

export const showJoinCommandPhase: Phase = {
  name: 'show-join-command',
  async run(ctx) {
    const { d, cfg } = ctx;
    const shared = await sharedOf(ctx);
    const withheld = '<value withheld>';
    const token = !ctx.token ? withheld : cfg.skipTokenPrint ? withheld : tokenString(ctx.token);
    const key = ctx.certificateKey && cfg.skipCertificateKeyPrint ? withheld : ctx.certificateKey;
    const base = {
      endpoint: endpointUrl(cfg.cluster, cfg.node).replace(/^https:\/\//, ''),
      token,
      caHash: caCertHash(shared.cas.ca.certPem),
    };
    d.stdout(
      initSuccessText({
        worker: joinCommand(base),
        controlPlane: joinCommand({ ...base, controlPlane: true, certificateKey: key }),
        hasEndpoint: cfg.cluster.controlPlaneEndpoint !== undefined,
        uploadCerts: cfg.uploadCerts,
      }),
    );
  },
};
