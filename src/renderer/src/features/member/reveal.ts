import { call } from '../../api'

export const revealPhone = (id: number) => () => call('member.reveal', { id }).then((r) => r.phone)
export const revealIdCard = (id: number) => () => call('member.reveal', { id }).then((r) => r.idCard)
