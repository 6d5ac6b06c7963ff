import { call } from '../../api'

export const revealPhone = (id: number) => () => call('member.reveal', { id, field: 'phone' }).then((r) => r.phone)
export const revealIdCard = (id: number) => () => call('member.reveal', { id, field: 'idCard' }).then((r) => r.idCard)
